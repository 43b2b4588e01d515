package reactor

import (
	"time"

	"github.com/muxbench/muxbench/internal/server"
	"golang.org/x/sys/unix"
)

// A connection the handler ends while its peer may still be sending
// closes lingering (server.LingerTime and server.LingerBytes say why and for
// how long): c.linger marks it, startLinger shuts its write side down once
// the output is flushed, drainLinger discards input until the peer's EOF,
// and expireLingering gives up on it at its deadline.

// finishIfFlushed ends c once it is done reading and its output is sent.
func (l *loop) finishIfFlushed(c *conn) {
	if !c.readDone || c.pendingLen() > 0 || c.lingering {
		return
	}
	if c.linger {
		l.startLinger(c)
	} else {
		l.kill(c)
	}
}

// startLinger shuts c's write side down and drains what the peer sent;
// in edge-triggered mode what is queued already raises no new edge.
func (l *loop) startLinger(c *conn) {
	if err := unix.Shutdown(c.fd, unix.SHUT_WR); err != nil {
		l.kill(c)
		return
	}
	c.lingering, c.lingerLeft = true, server.LingerBytes
	c.input = nil
	c.lingerUntil = time.Now().Add(server.LingerTime)
	l.lingering = append(l.lingering, c)
	l.setInterest(c)
	l.drainLinger(c)
}

// drainLinger reads and discards c's input until EOF (then c is closed),
// EAGAIN, or the byte allowance is spent (closed too: the peer is flooding).
func (l *loop) drainLinger(c *conn) {
	for range readsPerWakeup {
		n, kind := l.readOnce(c.fd)
		switch {
		case kind == errAgain:
			l.c.ReadEAGAIN++
			return
		case kind == errFatal || n == 0:
			l.kill(c)
			return
		}
		l.c.BytesIn += uint64(n)
		if c.lingerLeft -= n; c.lingerLeft <= 0 {
			l.kill(c)
			return
		}
	}
	l.enqueue(c)
}

// expireLingering closes the lingering connections whose time is up. The
// list is in deadline order (one lingerTime for all); closed ones leave it
// here.
func (l *loop) expireLingering(now time.Time) {
	i := 0
	for ; i < len(l.lingering); i++ {
		c := l.lingering[i]
		if !c.dead && now.Before(c.lingerUntil) {
			break
		}
		l.kill(c)
		l.lingering[i] = nil
	}
	l.lingering = l.lingering[:copy(l.lingering, l.lingering[i:])]
}

// kill ends c: out of the poller and the table now, close(2) at the end of
// the batch (closeDying), so its fd number is not reused within the batch.
func (l *loop) kill(c *conn) {
	if c.dead {
		return
	}
	c.dead = true
	if err := l.poller.Del(c.fd); err != nil {
		l.logOnce(&l.loggedErr, "reactor: %v", err)
	}
	l.conns[c.fd] = nil
	l.active--
	l.c.Closes++
	l.dying = append(l.dying, c)
}

func (l *loop) closeDying() {
	if len(l.dying) == 0 {
		return
	}
	for i, c := range l.dying {
		unix.Close(c.fd)
		c.input, c.pending = nil, nil
		l.dying[i] = nil
	}
	l.dying = l.dying[:0]
	l.reacquireSpare()
}

// closeAll ends every connection when the loop stops.
func (l *loop) closeAll() {
	for _, c := range l.conns {
		if c != nil {
			l.kill(c)
		}
	}
	l.closeDying()
	clear(l.lingering)
	l.lingering = l.lingering[:0]
}
