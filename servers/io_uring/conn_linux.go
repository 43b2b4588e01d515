package iouring

import (
	"time"

	"github.com/muxbench/muxbench/internal/handler"
	"github.com/muxbench/muxbench/internal/uring"
)

// conn is one accepted connection, in slot slot of the loop's table. An
// idle connection holds no buffer: input and output are held only while
// they hold bytes.
type conn struct {
	fd      int
	slot    uint32
	input   []byte // unconsumed input: a partial request, requests a yield left, or input held while paused
	out     []byte // being sent: the kernel owns out[sent:] until the send completes
	sent    int
	pending []byte // replies produced since, sent after out, in order
	sqSeq   uint64 // the ring's Handed count after the last SQE naming fd

	recvArmed   bool  // a multishot recv is in flight
	recvCancel  bool  // and a cancel of it was asked for
	sending     bool  // a send is in flight
	cancels     uint8 // cancels in flight on c's behalf
	paused      bool  // backpressure: unsent output passed MaxPending
	more        bool  // the handler yielded: input holds requests to serve before reading
	peerDone    bool  // EOF: serve what is left, flush, close
	handlerDone bool  // handler error or ErrClose: no more input; flush, close
	queued      bool  // on the ready list
	flushQueued bool  // on the flush list
	lingering   bool  // closing lingering: input is discarded (linger_linux.go)
	dead        bool  // ended: no new operation, cancels sent
	closed      bool  // fd closed

	lingerLeft  int       // lingering: bytes it may still discard
	lingerUntil time.Time // and when it gives up
}

// wantsRead: c's recv should be armed. A lingering connection reads (and
// discards) until the peer's EOF.
func (c *conn) wantsRead() bool {
	if c.dead || c.peerDone {
		return false
	}
	return c.lingering || !c.handlerDone && !c.paused && !c.more
}
func (c *conn) wantsInput() bool { return !c.handlerDone && !c.dead }
func (c *conn) pendingLen() int  { return len(c.out) - c.sent + len(c.pending) }
func (c *conn) idle() bool       { return !c.recvArmed && !c.sending && c.cancels == 0 }

func (l *loop) newConn(fd int) *conn {
	c := &conn{fd: fd}
	if n := len(l.free); n > 0 {
		c.slot = l.free[n-1]
		l.free = l.free[:n-1]
		l.conns[c.slot] = c
	} else {
		c.slot = uint32(len(l.conns))
		l.conns = append(l.conns, c)
	}
	return c
}

// armRecv starts c's recv, drawing from the buffer ring: a multishot recv
// that ends once it has received one buffer's worth (BufferSize bytes),
// or, on a kernel without that limit, a single recv. onRecv arms it again
// while c reads. Each arming thus hands the loop less than two buffers of
// c's input, however much the peer has sent: that bounds what a paused
// connection holds and what one connection adds to a turn's work, as one
// read per turn does on the readiness backends. Unlimited, one enter
// could deliver the whole buffer pool to a connection that had just
// passed MaxPending.
func (l *loop) armRecv(c *conn) {
	sqe := l.prepFor(c)
	if sqe == nil {
		return
	}
	if l.recvLimit {
		sqe.PrepRecvMultishotLimit(c.fd, l.bufs.Group(), uint32(l.opts.BufferSize), userData(opRecv, c.slot))
	} else {
		sqe.PrepRecvSelect(c.fd, l.bufs.Group(), userData(opRecv, c.slot))
	}
	c.recvArmed = true
}

// onRecv handles one recv completion: data for the handler, EOF, or the end
// of the recv (its byte limit reached, cancelled, out of buffers, or an
// error). Its buffer is lent back as soon as the handler has returned, and
// a recv that ended is re-armed while c still reads.
func (l *loop) onRecv(c *conn, cqe uring.CQE) {
	if !cqe.More() {
		c.recvArmed, c.recvCancel = false, false
	}
	switch kind := classify(cqe); {
	case kind == errNone && cqe.Res > 0:
		l.c.Recvs++
		l.c.BytesIn += uint64(cqe.Res)
		l.received(c, cqe)
	case kind == errNone:
		l.c.Recvs++
		c.peerDone = true
		l.finishIfFlushed(c)
	case kind == errNoBufs:
		l.c.NoBuffers++
	case kind == errCanceled, kind == errRetry:
	default:
		l.c.Recvs++
		l.kill(c)
	}
	l.recycle(cqe)
	if !c.recvArmed && c.wantsRead() {
		l.armRecv(c)
	}
}

// received hands a completion's data to the handler, unless c takes no
// more input. While c reads no more (paused, or the handler yielded) the
// kernel may still complete what it had received before the recv's cancel
// took effect: that joins c.input, for the handler's next call; it is
// less than two buffers (armRecv, Options.Buffers).
func (l *loop) received(c *conn, cqe uring.CQE) {
	bid, ok := cqe.BufferID()
	buf := l.bufs.Buf(bid)
	if !ok || buf == nil || int(cqe.Res) > len(buf) {
		l.logOnce(&l.logged.conn, "io_uring: recv completion %+v without a valid buffer", cqe)
		l.kill(c)
		return
	}
	switch data := buf[:cqe.Res]; {
	case c.lingering:
		l.discard(c, len(data))
	case !c.wantsInput():
	case c.paused || c.more:
		c.input = append(c.input, data...)
	default:
		l.consume(c, data)
	}
}

// recycle lends a completion's provided buffer back to the kernel.
func (l *loop) recycle(cqe uring.CQE) {
	if bid, ok := cqe.BufferID(); ok && l.bufs.Buf(bid) != nil {
		l.bufs.Recycle(bid)
	}
}

// consume runs the handler on c's input followed by data (borrowed: it is a
// provided buffer, lent again right after).
func (l *loop) consume(c *conn, data []byte) {
	in := data
	if len(c.input) > 0 {
		c.input = append(c.input, data...)
		in = c.input
	}
	l.handle(c, in)
}

// handle makes one handler call. Replies go to c's pending output. A
// handler that yields (handler.ErrYield) is called again on a later turn
// (continueLater); one that yields without consuming anything would be
// called forever, so c is closed instead.
func (l *loop) handle(c *conn, in []byte) {
	if c.pending == nil {
		c.pending = l.pool.get()
	}
	before := len(c.pending)
	used, out, herr := l.cfg.Handler.Handle(in, c.pending)
	c.more = herr == handler.ErrYield
	if used < 0 || used > len(in) || (c.more && used == 0) {
		l.logOnce(&l.logged.conn, "io_uring: handler consumed %d of %d bytes (%v)", used, len(in), herr)
		l.kill(c)
		return
	}
	c.pending = out
	if len(out) == 0 { // nothing to send: an idle connection holds no buffer
		l.pool.put(out)
		c.pending = nil
	}
	if herr != nil && !c.more {
		l.stopInput(c)
	} else if !l.keepInput(c, in[used:]) {
		return
	}
	if len(out) > before {
		l.queueFlush(c)
	}
	l.continueLater(c)
	l.finishIfFlushed(c)
}

// continueLater follows a handler call. After a yield c reads no more (its
// recv is cancelled) and goes on the ready list for the next turn, or, if
// its output is paused, waits for the output to drain (sent), so a blocked
// connection costs no turn. Once a call has answered everything, c reads
// again.
func (l *loop) continueLater(c *conn) {
	switch {
	case c.more:
		l.cancelRecv(c)
		if !c.paused {
			l.enqueue(c)
		}
	case !c.recvArmed && c.wantsRead():
		l.armRecv(c)
	}
}

// keepInput saves unconsumed input for the next call, moving it to the
// front of c.input (rest may overlap it; append copies like memmove). Input
// the handler never consumes is bounded by MaxPending like output; the rest
// of a yielded input is bounded already, by the input it was part of.
func (l *loop) keepInput(c *conn, rest []byte) bool {
	if len(rest) > l.cfg.MaxPending && !c.more {
		l.kill(c)
		return false
	}
	c.input = append(c.input[:0], rest...)
	if len(c.input) == 0 {
		c.input = nil // an idle connection holds no buffer
	}
	return true
}

// stopInput ends c's input after a handler error or ErrClose: its recv is
// cancelled, what it produced is flushed, then c closes lingering.
func (l *loop) stopInput(c *conn) {
	c.handlerDone = true
	c.input = nil
	l.cancelRecv(c)
}

func (l *loop) enqueue(c *conn) { l.ready.push(c, &c.queued) }

// runReady makes one handler call for each connection the last turn left
// with input to serve (a yield, or input held while paused): one call per
// connection per turn, so the next enter, which then does not block,
// serves every other connection and a stop in between.
func (l *loop) runReady(list []*conn) {
	for _, c := range list {
		c.queued = false
		if c.wantsInput() && !c.paused && (c.more || len(c.input) > 0) {
			l.handle(c, c.input)
		}
		l.finishIfFlushed(c)
	}
}
