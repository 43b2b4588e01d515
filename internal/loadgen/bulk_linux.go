package loadgen

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"time"

	"golang.org/x/sys/unix"

	"github.com/muxbench/muxbench/internal/handler"
)

// bulkTick is how often a rate-limited reader gets its next allowance.
const bulkTick = 2 * time.Millisecond

// BulkConfig describes a bulk run: rpc requests for large replies, read by
// clients that read slowly, so the server's writes meet full socket buffers
// (EAGAIN, write interest, backpressure) and its pending output must stay
// bounded.
type BulkConfig struct {
	Addrs       []string
	SourceAddrs []netip.Addr
	Conns       int
	// ReplySize is the reply body each request asks for (rpc reply size).
	ReplySize int
	// Depth is how many requests each connection keeps in flight (1:
	// closed loop); above one, replies queue in the server.
	Depth int
	// ReadRate bounds each connection's reading, bytes/s (0: unbounded).
	ReadRate float64
	// RecvBuf, when > 0, sets SO_RCVBUF before connect, so a slow reader's
	// window fills sooner.
	RecvBuf int
	Timeout time.Duration
	// Limit, when > 0, stops sending after that many requests.
	Limit uint64
}

func (c BulkConfig) withDefaults() BulkConfig {
	c.Conns, c.Depth = max(c.Conns, 1), max(c.Depth, 1)
	if c.Timeout <= 0 {
		c.Timeout = 10 * time.Second
	}
	return c
}

func (c BulkConfig) validate() error {
	switch {
	case len(c.Addrs) == 0:
		return errors.New("no server address given")
	case c.ReplySize < 0 || c.ReplySize > handler.MaxRPCReply:
		return fmt.Errorf("reply size %d outside 0..%d", c.ReplySize, handler.MaxRPCReply)
	case c.Depth*(handler.RPCHeaderSize+c.ReplySize) > handler.MaxRPCOutputPerCall:
		return fmt.Errorf("depth %d × reply %d is above what the server answers per read", c.Depth, c.ReplySize)
	case c.ReadRate < 0 || c.RecvBuf < 0:
		return errors.New("read rate and receive buffer must be >= 0")
	}
	return nil
}

// bulker runs a bulk window on one locked OS thread, a workload (see the
// contract in window_linux.go).
// Reply bytes verified after the window's end are not counted in
// BytesVerified, as late replies are not in Received.
type bulker struct {
	eventLoop
	cfg     BulkConfig
	conns   []*bulkConn
	zeros   []byte
	lastTok int64
	bytes   uint64
}

// Bulk dials cfg.Conns connections, then for d keeps cfg.Depth rpc requests
// in flight on each and reads the replies at most cfg.ReadRate bytes/s,
// checking every header and body byte. Latency runs from the request's
// write to the reply's last byte. Hooks run at the window's edges.
func Bulk(ctx context.Context, cfg BulkConfig, d time.Duration, hooks *Hooks) (*Result, error) {
	b, err := newBulker(cfg)
	if err != nil {
		return nil, err
	}
	defer b.close()
	return runSolo(ctx, b, b.wn.base, b.cfg.Conns, d, hooks)
}

// newBulker checks cfg and dials its connections.
func newBulker(cfg BulkConfig) (*bulker, error) {
	cfg = cfg.withDefaults()
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	targets, l, err := soloLoop(cfg.Addrs, cfg.SourceAddrs, cfg.Conns)
	if err != nil {
		return nil, err
	}
	for i := range targets {
		targets[i].rcvbuf = cfg.RecvBuf // set before connect: the window scale is fixed at the handshake
	}
	b := &bulker{eventLoop: l, cfg: cfg, zeros: make([]byte, readBufSize)}
	for i := 0; i < cfg.Conns; i++ {
		c := &bulkConn{idx: int32(i), t: &targets[i%len(targets)], stamps: make([]int64, cfg.Depth)}
		b.conns = append(b.conns, c)
		if err := b.connect(c); err != nil {
			b.close()
			return nil, err
		}
	}
	return b, nil
}

// connect opens c's first socket, waiting for it, and registers it once,
// edge-triggered.
func (b *bulker) connect(c *bulkConn) error {
	fd, err := dial(c.t, b.cfg.Timeout)
	if err != nil {
		return err
	}
	c.reset(fd)
	return b.w.add(fd, activeEvents, c.idx)
}

func (b *bulker) begin(wn window) {
	b.enter(wn)
	b.lastTok, b.bytes = wn.start, 0
}

func (b *bulker) limited() bool { return b.cfg.Limit > 0 && b.rec.sent >= b.cfg.Limit }

func (b *bulker) drained() bool {
	for _, c := range b.conns {
		if c.fd >= 0 && c.outstanding() > 0 {
			return false
		}
	}
	return true
}

func (b *bulker) report(res *Result) {
	b.eventLoop.report(res)
	res.BytesVerified += b.bytes
}

// step hands out read allowances, reads where allowed and data may wait,
// expires requests past the timeout, sends what the depth allows (after
// the read, so a reply just read is replaced at once, not after the next
// wait), and waits for readiness.
func (b *bulker) step(now int64, sending bool) {
	b.refillTokens(now)
	for _, c := range b.conns {
		if c.connecting && now-c.connectStarted > int64(b.cfg.Timeout) {
			b.connectExpired(c)
		}
		if !c.usable() {
			continue
		}
		if c.mayRead && (b.cfg.ReadRate == 0 || c.tokens >= 1) {
			b.read(c, now)
		}
		if c.usable() && c.outstanding() > 0 && now-c.stamps[c.expect%uint64(len(c.stamps))] > int64(b.cfg.Timeout) {
			b.fail(c, faultTimeout)
		}
		if c.usable() && sending {
			b.fill(c, now)
		}
	}
	b.poll(b.wn.end - now)
}

// refillTokens gives every connection its read allowance since the last
// refill, capped at 10 ms worth (at least one 4 KiB read) so a reader that
// found nothing cannot save up a burst.
func (b *bulker) refillTokens(now int64) {
	if b.cfg.ReadRate == 0 {
		return
	}
	add := b.cfg.ReadRate * float64(now-b.lastTok) / 1e9
	burst := max(b.cfg.ReadRate/100, 4096)
	b.lastTok = now
	for _, c := range b.conns {
		c.tokens = min(c.tokens+add, burst)
	}
}

// poll waits for readiness: one tick while a rate-limited reader has data
// waiting, else up to the window's end (at most 50 ms, for the timeouts).
func (b *bulker) poll(untilEnd int64) {
	wait := 50 * time.Millisecond
	if untilEnd > 0 {
		wait = min(wait, time.Duration(untilEnd))
	}
	for _, c := range b.conns {
		if c.fd >= 0 && c.mayRead {
			wait = min(wait, bulkTick)
			break
		}
	}
	evs, err := b.w.wait(wait)
	if err != nil {
		b.fatal = err
		return
	}
	for _, ev := range evs {
		c := b.conns[ev.Fd]
		if c.fd < 0 || (c.connecting && (!connectEnded(ev.Events) || !b.connected(c))) {
			continue
		}
		// Input, hang-up and error all go to read (it reports EOF or the
		// error); output resumes a partial request.
		if ev.Events&(unix.EPOLLIN|unix.EPOLLRDHUP|unix.EPOLLHUP|unix.EPOLLERR) != 0 {
			c.mayRead = true
		}
		if ev.Events&unix.EPOLLOUT != 0 && c.head < len(c.out) {
			b.flush(c)
		}
	}
}

func (b *bulker) close() {
	for _, c := range b.conns {
		if c.fd >= 0 {
			unix.Close(c.fd)
			c.fd = -1
		}
	}
	b.w.close()
}
