package loadgen

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"time"

	"golang.org/x/sys/unix"

	"github.com/muxbench/muxbench/internal/handler"
)

// PingPongConfig is a sockperf-style ping-pong: one connection, one message
// in flight, sockperf's framing (the sockperf handler answers it), so the
// harness and Debian's sockperf can measure the same server.
type PingPongConfig struct {
	Addr    string
	MsgSize int // whole message, header included (sockperf's -m; min 14)
	Timeout time.Duration
}

// pingFlags are a ping-pong client's flags; the reply must carry pongFlags
// (the server clears the client flag).
const (
	pingFlags = handler.SockperfFlagClient | handler.SockperfFlagPong
	pongFlags = handler.SockperfFlagPong
)

// pingPonger sends one message, waits for its reply, verifies it, and
// repeats: a workload (see the contract in window_linux.go) with never
// more than one message in flight between steps.
type pingPonger struct {
	eventLoop
	fd      int
	msg     []byte
	reply   []byte
	zeros   []byte
	timeout time.Duration
	seq     uint64
}

// PingPong drives one ping-pong connection for d and measures the round
// trip of every message (write to the reply's last byte). Any wrong byte,
// a timeout or a close ends the run with an error.
func PingPong(ctx context.Context, cfg PingPongConfig, d time.Duration, hooks *Hooks) (*Result, error) {
	cfg.MsgSize = max(cfg.MsgSize, handler.SockperfHeaderSize)
	if cfg.MsgSize > handler.MaxSockperfMessage {
		return nil, fmt.Errorf("message size %d above sockperf's %d", cfg.MsgSize, handler.MaxSockperfMessage)
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	t, err := newTarget(cfg.Addr, nil)
	if err != nil {
		return nil, err
	}
	fd, err := dial(&t, cfg.Timeout)
	if err != nil {
		return nil, err
	}
	defer unix.Close(fd)
	l, err := newEventLoop(2, false)
	if err != nil {
		return nil, err
	}
	defer l.w.close()
	if err := l.w.add(fd, activeEvents, 0); err != nil {
		return nil, err
	}
	p := &pingPonger{eventLoop: l, fd: fd, reply: make([]byte, cfg.MsgSize), zeros: make([]byte, cfg.MsgSize),
		timeout: cfg.Timeout}
	return runSolo(ctx, p, l.wn.base, 1, d, hooks)
}

func (p *pingPonger) begin(wn window) {
	p.enter(wn)
	p.seq = 0
}

func (p *pingPonger) limited() bool { return false }

// step makes one round trip while sending; a failed one ends the run.
func (p *pingPonger) step(now int64, sending bool) {
	if !sending {
		return
	}
	p.rec.sent++
	if err := p.roundTrip(p.seq, p.wn.base.Add(time.Duration(now)+p.timeout)); err != nil {
		p.fatal = err
		p.rec.errors.Mismatch++
		return
	}
	p.seq++
	p.rec.observe(p.now(), now, now)
}

func (p *pingPonger) drained() bool { return true }

// err is the failed round trip itself (a wrong byte is not a lost server).
func (p *pingPonger) err() error { return p.fatal }

// roundTrip sends message seq and reads its whole reply by deadline.
func (p *pingPonger) roundTrip(seq uint64, deadline time.Time) error {
	p.msg = handler.AppendSockperfMessage(p.msg[:0], seq, pingFlags, len(p.reply))
	if err := p.io(p.msg, rawWrite, deadline); err != nil {
		return fmt.Errorf("ping %d: %w", seq, err)
	}
	if err := p.io(p.reply, rawRead, deadline); err != nil {
		return fmt.Errorf("pong %d: %w", seq, err)
	}
	got, flags, n, ok, err := handler.ParseSockperfMessage(p.reply)
	switch {
	case err != nil:
		return err
	case !ok || got != seq || flags != pongFlags || n != len(p.reply) ||
		!bytes.Equal(p.reply[handler.SockperfHeaderSize:], p.zeros[handler.SockperfHeaderSize:]):
		return fmt.Errorf("pong %d: got seq %d flags %#x length %d, or a wrong payload byte", seq, got, flags, n)
	}
	return nil
}

// io reads or writes all of b, waiting on the edge-triggered epoll set
// whenever the socket says EAGAIN.
func (p *pingPonger) io(b []byte, op func(int, []byte) (int, unix.Errno), deadline time.Time) error {
	for done := 0; done < len(b); {
		n, errno := op(p.fd, b[done:])
		switch {
		case errno == unix.EINTR:
		case errno == unix.EAGAIN:
			left := time.Until(deadline)
			if left <= 0 {
				return errors.New("timed out")
			}
			if _, err := p.w.wait(left); err != nil {
				return err
			}
		case errno != 0:
			return errno
		case n == 0:
			return errClosed
		default:
			done += n
		}
	}
	return nil
}
