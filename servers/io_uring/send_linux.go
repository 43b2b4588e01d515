package iouring

import (
	"github.com/muxbench/muxbench/internal/uring"
	"golang.org/x/sys/unix"
)

// queueFlush follows a growth of c's output: past MaxPending c stops
// reading (its recv is cancelled), and c goes on the flush list, so that
// its replies start sending once every handler call of the turn has run:
// replies produced in one turn go out in one send.
func (l *loop) queueFlush(c *conn) {
	if !c.paused && c.pendingLen() > l.cfg.MaxPending {
		c.paused = true
		l.c.BackpressurePauses++
		l.cancelRecv(c)
	}
	l.flushes.push(c, &c.flushQueued)
}

// startSends starts a send for every connection on the flush list.
func (l *loop) startSends() {
	for _, c := range l.flushes.take() {
		c.flushQueued = false
		l.sendNext(c)
	}
}

// sendNext submits c's next send, one in flight at a time: the rest of a
// short send first, else everything pending (which becomes out).
func (l *loop) sendNext(c *conn) {
	if c.dead || c.sending {
		return
	}
	if c.sent == len(c.out) {
		if len(c.pending) == 0 {
			return
		}
		l.pool.put(c.out)
		c.out, c.pending, c.sent = c.pending, nil, 0
	}
	sqe := l.prepFor(c)
	if sqe == nil {
		return
	}
	sqe.PrepSend(c.fd, c.out[c.sent:], unix.MSG_NOSIGNAL, userData(opSend, c.slot))
	c.sending = true
}

// onSend accounts a send's completion; a short send is followed by the
// rest before anything newer.
func (l *loop) onSend(c *conn, cqe uring.CQE) {
	c.sending = false
	l.c.Sends++
	switch kind := classify(cqe); {
	case kind == errNone && cqe.Res > 0:
		l.c.BytesOut += uint64(cqe.Res)
		c.sent += int(cqe.Res)
		l.sent(c)
	case kind == errCanceled:
		// c was killed
	case kind == errRetry:
		l.queueFlush(c)
	default: // an error, or nothing sent of a non-empty buffer
		l.kill(c)
	}
}

// sent follows progress of c's output: the next send, resuming input once
// the output is down to half of MaxPending (rounded down: to 0 for a limit
// of 1, so every positive limit resumes), closing once flushed.
func (l *loop) sent(c *conn) {
	if c.dead {
		return
	}
	if c.sent == len(c.out) {
		l.pool.put(c.out)
		c.out, c.sent = nil, 0
	}
	if c.pendingLen() > 0 {
		l.queueFlush(c)
	} else if c.pending != nil {
		l.pool.put(c.pending)
		c.pending = nil
	}
	if c.paused && c.pendingLen() <= l.cfg.MaxPending/2 {
		l.resume(c)
	}
	l.finishIfFlushed(c)
}

// resume ends a backpressure pause: the rest of a yielded input, or input
// held while paused, is served on the next turn (the call re-arms the
// recv); otherwise c reads again at once.
func (l *loop) resume(c *conn) {
	c.paused = false
	switch {
	case c.more || len(c.input) > 0:
		l.enqueue(c)
	case !c.recvArmed && c.wantsRead():
		l.armRecv(c)
	}
}

// finishIfFlushed ends c once it reads no more and has sent everything: at
// once after the peer's EOF, once the whole requests left are served;
// lingering after the handler ended c (linger_linux.go).
func (l *loop) finishIfFlushed(c *conn) {
	if c.dead || c.pendingLen() > 0 || c.sending {
		return
	}
	switch {
	case c.peerDone && (c.handlerDone || !c.more && !c.queued):
		l.kill(c)
	case c.handlerDone && !c.lingering:
		l.startLinger(c)
	}
}
