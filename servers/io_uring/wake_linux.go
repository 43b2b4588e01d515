package iouring

import (
	"github.com/muxbench/muxbench/internal/server"
	"github.com/muxbench/muxbench/internal/uring"
	"golang.org/x/sys/unix"
)

// armWake keeps one read on the wake eventfd in flight: another goroutine
// wanting a snapshot or a stop completes it with a write.
func (l *loop) armWake() {
	if l.stopping {
		return
	}
	sqe := l.prep()
	if sqe == nil {
		return
	}
	sqe.PrepRead(l.wakeFd, l.wakeBuf[:], userData(opWake, 0))
	l.wakeArmed = true
}

// onWake takes the requests that woke the loop and re-arms the read.
func (l *loop) onWake(cqe uring.CQE) (stop bool) {
	l.wakeArmed = false
	switch classify(cqe) {
	case errNone, errCanceled, errRetry:
	default:
		l.fail(sysErr("read eventfd", unix.Errno(-cqe.Res)))
	}
	if l.stopping { // cancelled at shutdown: requests now wait for the final snapshot
		return false
	}
	asks, stop := l.life.Take()
	l.asks = append(l.asks, asks...)
	if !stop {
		l.armWake()
	}
	return stop
}

// answerAsks sends one snapshot to everyone who asked during the turn. It
// runs at the turn's end, after closeDying: a caller that sees Active drop
// finds those fds closed.
func (l *loop) answerAsks() {
	if len(l.asks) == 0 {
		return
	}
	l.asks = server.Answer(l.asks, l.snapshot())
}

// snapshot merges the loop's counters with the ring's.
func (l *loop) snapshot() server.Counters {
	c := l.c
	st := l.ring.Stats()
	c.EnterCalls, c.SQEsSubmitted, c.CQEsReaped = st.Enters, st.Submitted, st.Reaped
	c.BuffersRecycled = l.bufs.Recycled()
	c.Active = uint64(l.active)
	return c
}
