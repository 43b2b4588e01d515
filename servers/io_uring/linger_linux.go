package iouring

import (
	"slices"
	"time"

	"github.com/muxbench/muxbench/internal/server"
	"golang.org/x/sys/unix"
)

// A connection the handler ends (an error or handler.ErrClose) closes
// lingering, as server.LingerTime describes: closed with input unread, the
// kernel would answer with RST and drop what of the last reply the peer
// has not read yet. Once its output is sent (finishIfFlushed), startLinger
// shuts its write side down, so the peer reads the reply and then EOF, and
// re-arms its recv; what arrives is discarded until the peer's EOF (then
// c closes), the LingerBytes allowance (the peer floods: closed anyway) or
// the deadline (expireLingering). A connection the peer ended, a reset or
// a stop closes at once.

// startLinger shuts c's write side down and drains its input. The recv
// cancelled when the handler ended c is re-armed here, or, if the cancel
// is still in flight, by its completion (wantsRead).
func (l *loop) startLinger(c *conn) {
	if err := unix.Shutdown(c.fd, unix.SHUT_WR); err != nil {
		l.kill(c) // the peer is gone already (ENOTCONN)
		return
	}
	c.lingering, c.lingerLeft = true, server.LingerBytes
	c.lingerUntil = time.Now().Add(server.LingerTime)
	l.lingering = append(l.lingering, c)
	if !c.recvArmed {
		l.armRecv(c)
	}
}

// discard drops n bytes received while c lingers and closes c once the
// allowance is spent.
func (l *loop) discard(c *conn, n int) {
	if c.lingerLeft -= n; c.lingerLeft <= 0 {
		l.kill(c)
	}
}

// expireLingering closes the lingering connections whose time is up. The
// list is in deadline order (one LingerTime for all); connections closed
// otherwise leave it here, when they reach its front.
func (l *loop) expireLingering() {
	if len(l.lingering) == 0 {
		return
	}
	now := time.Now()
	due := slices.IndexFunc(l.lingering, func(c *conn) bool { return !c.dead && now.Before(c.lingerUntil) })
	if due < 0 {
		due = len(l.lingering)
	}
	for _, c := range l.lingering[:due] {
		l.kill(c)
	}
	l.lingering = slices.Delete(l.lingering, 0, due) // clears the vacated tail
}

// lingerWait is how long the next enter may block: until the first
// lingering deadline; ok is false with no connection lingering, so the
// steady state never reads the clock.
func (l *loop) lingerWait() (d time.Duration, ok bool) {
	if len(l.lingering) == 0 {
		return 0, false
	}
	return time.Until(l.lingering[0].lingerUntil), true
}
