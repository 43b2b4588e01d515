//go:build linux

package loadgen

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"runtime"
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

// bulker runs a bulk window on one locked OS thread.
type bulker struct {
	cfg   BulkConfig
	conns []*bulkConn
	w     *waiter
	buf   []byte
	zeros []byte
	rec   *recorder
	base  time.Time
	// end is the window's end: replies completed after it are verified
	// but not counted, so counts match the server's window snapshots.
	end     int64
	lastTok int64
	bytes   uint64
	fatal   error
}

// Bulk dials cfg.Conns connections, then for d keeps cfg.Depth rpc requests
// in flight on each and reads the replies at most cfg.ReadRate bytes/s,
// checking every header and body byte. Latency runs from the request's
// write to the reply's last byte. Hooks run at the window's edges.
func Bulk(ctx context.Context, cfg BulkConfig, d time.Duration, hooks *Hooks) (*Result, error) {
	cfg = cfg.withDefaults()
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	targets, err := buildTargets(cfg.Addrs, cfg.SourceAddrs)
	if err != nil {
		return nil, err
	}
	w, err := newWaiter(cfg.Conns + 1)
	if err != nil {
		return nil, err
	}
	b := &bulker{cfg: cfg, w: w, buf: make([]byte, readBufSize), zeros: make([]byte, readBufSize),
		rec: newRecorder(false), base: time.Now()}
	defer b.close()
	for i := 0; i < cfg.Conns; i++ {
		c := &bulkConn{idx: int32(i), t: &targets[i%len(targets)], stamps: make([]int64, cfg.Depth)}
		b.conns = append(b.conns, c)
		if err := b.connect(c); err != nil {
			return nil, err
		}
	}
	return b.window(ctx, d, hooksOrNone(hooks))
}

// connect (re)opens c's socket and registers it once, edge-triggered.
func (b *bulker) connect(c *bulkConn) error {
	fd, err := dialWithRecvBuf(c.t, b.cfg.Timeout, b.cfg.RecvBuf)
	if err != nil {
		return err
	}
	c.reset(fd)
	return b.w.add(fd, activeEvents, c.idx)
}

// dialWithRecvBuf is dial with SO_RCVBUF set before connect (the window
// scale is fixed at the handshake).
func dialWithRecvBuf(t *target, timeout time.Duration, rcvbuf int) (int, error) {
	if rcvbuf <= 0 {
		return dial(t, timeout)
	}
	tt := *t
	tt.rcvbuf = rcvbuf
	return dial(&tt, timeout)
}

func (b *bulker) window(ctx context.Context, d time.Duration, hooks *Hooks) (*Result, error) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	if hooks.Start != nil {
		hooks.Start()
	}
	cpu0, cpuErr := processCPU()
	started := time.Now()
	start := b.now()
	end := start + int64(d)
	b.end = end
	b.rec.reset(start)
	b.lastTok = start
	ended := false
	var stopped error
	for b.fatal == nil {
		if err := ctx.Err(); err != nil {
			stopped = fmt.Errorf("stopped early: %w", context.Cause(ctx))
			break
		}
		now := b.now()
		if now >= end && !ended {
			ended = true
			if hooks.End != nil {
				hooks.End()
			}
		}
		sending := now < end && (b.cfg.Limit == 0 || b.rec.sent < b.cfg.Limit)
		if !sending && b.drained() {
			break
		}
		b.step(now, sending)
		b.poll(end - now)
	}
	if !ended && hooks.End != nil {
		hooks.End()
	}
	window := min(time.Since(started), d)
	if b.fatal != nil && stopped == nil {
		stopped = fmt.Errorf("server lost: %w", b.fatal)
	}
	res := soloResult(b.rec, b.cfg.Conns, started, window, stopped)
	if cpu1, err := processCPU(); err == nil && cpuErr == nil {
		res.CPU = cpuOver(cpu0, cpu1, res.Received)
	}
	res.BytesVerified = b.bytes
	return res, stopped
}

func (b *bulker) now() int64 { return int64(time.Since(b.base)) }

func (b *bulker) drained() bool {
	for _, c := range b.conns {
		if c.fd >= 0 && c.outstanding() > 0 {
			return false
		}
	}
	return true
}

// step sends what the depth allows, hands out read allowances, reads where
// allowed and data may wait, and expires requests past the timeout.
func (b *bulker) step(now int64, sending bool) {
	b.refillTokens(now)
	for _, c := range b.conns {
		if c.fd < 0 {
			continue
		}
		if sending {
			b.fill(c, now)
		}
		if c.mayRead && (b.cfg.ReadRate == 0 || c.tokens >= 1) {
			b.read(c, now)
		}
		if c.fd >= 0 && c.outstanding() > 0 && now-c.stamps[c.expect%uint64(len(c.stamps))] > int64(b.cfg.Timeout) {
			b.fail(c, faultTimeout)
		}
	}
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
		if c.fd < 0 {
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
