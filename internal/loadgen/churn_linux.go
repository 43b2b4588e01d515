package loadgen

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"time"

	"golang.org/x/sys/unix"
)

// ChurnConfig describes a churn run: every request on a new connection.
//
// The client closes first, and on purpose: an echo server cannot know which
// request is a connection's last, the client can. The side that closes first
// keeps the connection in TIME_WAIT for 60 s, so TIME_WAIT lands here, on
// the generator's 4-tuples, not in the server being measured. One
// (source IP, destination) pair has ~28k ephemeral ports, which churn uses
// up in a few seconds; SourceAddrs spreads the connections over 127.0.0.x
// source addresses (the port chosen per destination at connect time), which
// multiplies the 4-tuples by the number of addresses. Closing with an RST
// (SO_LINGER 0) would avoid TIME_WAIT too, but then the server would see
// resets, not the clean close whose cost churn measures.
type ChurnConfig struct {
	Addrs       []string
	SourceAddrs []netip.Addr
	// Conns is how many connections are in flight at once.
	Conns   int
	MsgSize int
	Timeout time.Duration
	// Limit, when > 0, stops starting connections after that many in the
	// window (tests count connections, not time).
	Limit uint64
}

func (c ChurnConfig) withDefaults() ChurnConfig {
	if c.Conns <= 0 {
		c.Conns = 1
	}
	if c.MsgSize == 0 {
		c.MsgSize = DefaultMsgSize
	}
	if c.Timeout <= 0 {
		c.Timeout = DefaultTimeout
	}
	return c
}

func (c ChurnConfig) validate() error {
	if c.MsgSize < MinMsgSize || c.MsgSize > MaxMsgSize {
		return fmt.Errorf("message size %d outside %d..%d bytes", c.MsgSize, MinMsgSize, MaxMsgSize)
	}
	if len(c.Addrs) == 0 {
		return errors.New("no server address given")
	}
	return nil
}

// churnState is where one connection of a churn slot is.
type churnState uint8

const (
	churnIdle churnState = iota // no connection: open one when allowed
	churnConnecting
	churnSending
	churnReading
)

// churnSlot is one connection in flight; when it completes (or fails) the
// slot opens the next one.
type churnSlot struct {
	fd      int
	state   churnState
	started int64 // when the connect began, on the driver clock
	seq     uint64
	req     []byte
	sent    int
	check   replyCheck
}

// churner runs a churn window on one locked OS thread, a workload (see the
// contract in window_linux.go).
type churner struct {
	eventLoop
	cfg     ChurnConfig
	targets []target
	next    int // round-robin over targets
	slots   []churnSlot
	opened  uint64 // connections started in the window
}

// Churn opens, uses once and closes connections for d: each connection
// sends one request, verifies the echoed reply and closes. The Result
// counts connections as requests (Received: connections completed and
// verified; Latency: from the connect to the reply's last byte). Hooks run
// at the window's edges, on the caller's goroutine.
func Churn(ctx context.Context, cfg ChurnConfig, d time.Duration, hooks *Hooks) (*Result, error) {
	cfg = cfg.withDefaults()
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	targets, l, err := soloLoop(cfg.Addrs, cfg.SourceAddrs, cfg.Conns)
	if err != nil {
		return nil, err
	}
	ch := &churner{eventLoop: l, cfg: cfg, targets: targets, slots: make([]churnSlot, cfg.Conns)}
	defer ch.close()
	for i := range ch.slots {
		ch.slots[i] = churnSlot{fd: -1, req: make([]byte, cfg.MsgSize),
			check: replyCheck{tmpl: newTemplate(uint32(i), cfg.MsgSize), size: cfg.MsgSize}}
	}
	return runSolo(ctx, ch, ch.wn.base, cfg.Conns, d, hooks)
}

func (ch *churner) begin(wn window) { ch.enter(wn) }

func (ch *churner) limited() bool { return ch.cfg.Limit > 0 && ch.opened >= ch.cfg.Limit }

// step opens connections in the idle slots while the window is open,
// advances those that are ready, and then gives up those past the timeout.
func (ch *churner) step(now int64, opening bool) {
	ch.refill(now, opening)
	ch.poll(ch.wn.end - now)
	ch.expire(ch.now())
}

// drained: no connection is in flight.
func (ch *churner) drained() bool {
	for i := range ch.slots {
		if ch.slots[i].state != churnIdle {
			return false
		}
	}
	return true
}

func (ch *churner) report(res *Result) {
	ch.eventLoop.report(res)
	res.Connections += ch.rec.received
}

// refill opens a connection in every idle slot while the window is open. A
// run in which no connection can be opened at all is fatal: nothing listens.
func (ch *churner) refill(now int64, opening bool) {
	for i := range ch.slots {
		if !opening || (ch.cfg.Limit > 0 && ch.opened >= ch.cfg.Limit) {
			return
		}
		if ch.slots[i].state == churnIdle {
			ch.open(i, now)
		}
	}
}

func (ch *churner) open(i int, now int64) {
	s := &ch.slots[i]
	t := &ch.targets[ch.next%len(ch.targets)]
	ch.next++
	fd, _, err := openSocket(t)
	if err == nil {
		// One registration per connection, edge-triggered; close(2)
		// removes it, so the client pays no EPOLL_CTL_DEL.
		err = ch.w.add(fd, activeEvents, int32(i))
		if err != nil {
			unix.Close(fd)
		}
	}
	if err != nil {
		ch.rec.errors.Connect++
		if ch.rec.received == 0 && ch.rec.errors.Connect >= uint64(len(ch.slots))+16 {
			ch.fatal = &ConnectError{Addr: t.addr, Err: err}
		}
		return
	}
	ch.opened++
	ch.rec.sent++
	s.fd, s.state, s.started, s.sent = fd, churnConnecting, now, 0
	fillRequest(s.req, s.seq, s.check.tmpl)
	s.check.restart(s.seq)
	s.check.highest = s.seq + 1
	s.seq++
}

// expire gives up connections older than the timeout.
func (ch *churner) expire(now int64) {
	for i := range ch.slots {
		s := &ch.slots[i]
		if s.state == churnIdle || now-s.started < int64(ch.cfg.Timeout) {
			continue
		}
		if s.state == churnConnecting {
			ch.rec.errors.Connect++
		} else {
			ch.giveUp(i, faultTimeout)
			continue
		}
		ch.finish(i)
	}
}

// poll waits for readiness (at most until the window ends, and never
// longer than a timeout scan's interval) and advances every slot reported.
func (ch *churner) poll(untilEnd int64) {
	wait := min(ch.cfg.Timeout/4, 50*time.Millisecond)
	if untilEnd > 0 {
		wait = min(wait, time.Duration(untilEnd))
	}
	evs, err := ch.w.wait(wait)
	if err != nil {
		ch.fatal = err
		return
	}
	now := ch.now()
	for _, ev := range evs {
		ch.advance(int(ev.Fd), ev.Events, now)
	}
}
