package reactor

import (
	"testing"
	"time"

	"github.com/muxbench/muxbench/internal/server"
	"golang.org/x/sys/unix"
)

// lingeringConn returns a loop and a connection it is closing lingering
// (as after a handler's ErrClose), with the peer's end of a socket pair.
func lingeringConn(t *testing.T) (*loop, *conn, int) {
	t.Helper()
	l, fd, peer := pairLoop(t, &scriptedPoller{}, 0)
	l.spareFd = openSpare()
	t.Cleanup(func() { l.closeAll(); unix.Close(l.spareFd) })
	l.adopt(fd)
	c := l.conns[fd]
	c.readDone, c.linger = true, true
	l.finishIfFlushed(c)
	if !c.lingering || c.dead {
		t.Fatalf("lingering %v, dead %v after the handler ended the connection; want true, false", c.lingering, c.dead)
	}
	return l, c, peer
}

// TestLingeringCloseIsBounded: a peer that never closes or reads keeps a
// lingering connection for server.LingerTime at most, and one that keeps sending
// for server.LingerBytes at most.
func TestLingeringCloseIsBounded(t *testing.T) {
	t.Run("time", func(t *testing.T) {
		l, c, peer := lingeringConn(t)
		if _, err := unix.Write(peer, []byte("more")); err != nil {
			t.Fatal(err)
		}
		l.drainLinger(c)
		if l.expireLingering(time.Now()); c.dead {
			t.Fatal("closed before its time")
		}
		if l.expireLingering(c.lingerUntil); !c.dead || len(l.lingering) != 0 {
			t.Fatalf("at lingerUntil: dead %v, %d lingering; want true, 0", c.dead, len(l.lingering))
		}
	})
	t.Run("bytes", func(t *testing.T) {
		l, c, peer := lingeringConn(t)
		chunk := make([]byte, 64<<10)
		for sent := 0; !c.dead && sent <= 2*server.LingerBytes; sent += len(chunk) {
			if _, err := unix.Write(peer, chunk); err != nil {
				t.Fatal(err)
			}
			l.drainLinger(c)
		}
		if !c.dead {
			t.Fatalf("still lingering after %d bytes discarded, allowance %d", server.LingerBytes-c.lingerLeft, server.LingerBytes)
		}
	})
	t.Run("eof", func(t *testing.T) {
		l, c, peer := lingeringConn(t)
		unix.Shutdown(peer, unix.SHUT_WR)
		if l.drainLinger(c); !c.dead {
			t.Fatal("still lingering after the peer's EOF")
		}
	})
}
