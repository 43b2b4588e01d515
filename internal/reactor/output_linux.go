package reactor

import "github.com/muxbench/muxbench/internal/reactor/rawsys"

func (l *loop) writeOnce(fd int, p []byte) (int, errKind) {
	for {
		n, err := rawsys.Write(fd, p)
		l.c.Writes++
		kind := classify(err)
		switch kind {
		case errRetry:
			continue
		case errAgain:
			l.c.WriteEAGAIN++
			n = 0
		}
		return n, kind
	}
}

// send writes replies directly, without waiting for writability; only what
// the socket does not take is copied into c's pending buffer.
func (l *loop) send(c *conn, out []byte) {
	if len(out) == 0 {
		l.finishIfFlushed(c)
		return
	}
	n, kind := l.writeOnce(c.fd, out)
	if kind == errFatal {
		l.kill(c)
		return
	}
	l.c.BytesOut += uint64(n)
	if n < len(out) {
		c.pending = append(c.pending, out[n:]...)
		c.sent = 0
		l.outputGrew(c)
		return
	}
	l.finishIfFlushed(c)
}

// outputGrew follows a growth of c's pending output: write interest on, and
// reading paused above MaxPending.
func (l *loop) outputGrew(c *conn) {
	if !c.paused && c.pendingLen() > l.cfg.MaxPending {
		c.paused = true
		l.c.BackpressurePauses++
	}
	l.setInterest(c)
}

// flush writes pending output when the socket has room. At half of
// MaxPending or below (rounded down: at 0 for a limit of 1, so every
// positive limit resumes) a paused connection resumes reading at once: in
// edge-triggered mode no new edge may come for input that is already queued.
func (l *loop) flush(c *conn) {
	if c.pendingLen() == 0 {
		return
	}
	n, kind := l.writeOnce(c.fd, c.pending[c.sent:])
	if kind == errFatal {
		l.kill(c)
		return
	}
	l.c.BytesOut += uint64(n)
	c.sent += n
	switch {
	case c.sent == len(c.pending):
		c.pending, c.sent = nil, 0
	case c.sent > len(c.pending)/2:
		c.pending = c.pending[:copy(c.pending, c.pending[c.sent:])]
		c.sent = 0
	}
	if c.paused && c.pendingLen() <= l.cfg.MaxPending/2 {
		c.paused = false
		l.enqueue(c)
	}
	l.finishIfFlushed(c) // first: a connection that ends needs no Mod
	l.setInterest(c)
}

// setInterest tells a level-triggered poller what c now waits for: write
// interest only while output is pending, read interest only while reading
// (or draining a lingering close).
// An edge-triggered poller was told read and write once, at Add.
func (l *loop) setInterest(c *conn) {
	if c.dead {
		return
	}
	var want Interest
	if c.wantsRead() || c.lingering {
		want |= InterestRead
	}
	if c.pendingLen() > 0 {
		want |= InterestWrite
	}
	if want == c.interest || l.et {
		return
	}
	c.interest = want
	if err := l.poller.Mod(c.fd, want); err != nil {
		l.logOnce(&l.loggedErr, "reactor: %v", err)
		l.kill(c)
	}
}
