package reactor

import (
	"net"
	"testing"
	"time"

	"github.com/muxbench/muxbench/internal/handler"
	"github.com/muxbench/muxbench/internal/server"
	"golang.org/x/sys/unix"
)

// backlogLoop returns an edge-triggered loop with one listener on which n
// connections wait, not yet accepted, and the loop's scripted poller.
func backlogLoop(t *testing.T, n int) (*loop, *scriptedPoller, int) {
	t.Helper()
	lfd, addr, err := listenTCP("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { unix.Close(lfd) })
	for range n {
		c, err := net.DialTimeout("tcp", addr.String(), 5*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
	}
	p := &scriptedPoller{edge: true}
	cfg := server.Config{Addrs: []string{"unused"}, Handler: handler.Echo{}}.WithDefaults()
	l := newLoop(cfg, p, &control{})
	l.listeners = []int{lfd}
	t.Cleanup(l.closeAll)
	return l, p, lfd
}

// failFirst makes the loop's first accept4 call fail with errno; the later
// ones are the real call.
func failFirst(l *loop, errno unix.Errno) {
	failed := false
	l.accept4 = func(lfd int) (int, error) {
		if !failed {
			failed = true
			return -1, errno
		}
		return accept4(lfd)
	}
}

// TestAcceptSkipsConnectionsThatFailedInTheBacklog: accept(2) says to treat
// the network errors it passes on, like ECONNABORTED, as "try again": the
// one readiness report an edge-triggered listener gets must still drain
// the connections queued behind the failed one.
func TestAcceptSkipsConnectionsThatFailedInTheBacklog(t *testing.T) {
	for _, errno := range []unix.Errno{unix.ECONNABORTED, unix.EPROTO, unix.ENETDOWN, unix.ENOPROTOOPT,
		unix.EHOSTDOWN, unix.ENONET, unix.EHOSTUNREACH, unix.EOPNOTSUPP, unix.ENETUNREACH} {
		t.Run(errno.Error(), func(t *testing.T) {
			l, _, lfd := backlogLoop(t, 3)
			failFirst(l, errno)
			l.acceptAll(lfd)
			if l.active != 3 || l.acceptDeferred {
				t.Fatalf("after %v: %d of 3 accepted, deferred %v; want 3, false", errno, l.active, l.acceptDeferred)
			}
		})
	}
}

// TestAcceptShortageIsRetriedWithoutANewEdge: a shortage that would fail
// again at once (no memory, refused by policy, out of fds with no spare)
// stops accepting for acceptRetryDelay, listener interest off so a level
// cannot spin; then the backlog is drained with no new connection arriving,
// which an edge-triggered listener needs.
func TestAcceptShortageIsRetriedWithoutANewEdge(t *testing.T) {
	for _, errno := range []unix.Errno{unix.ENOBUFS, unix.ENOMEM, unix.EPERM, unix.EMFILE, unix.ENFILE} {
		t.Run(errno.Error(), func(t *testing.T) {
			l, p, lfd := backlogLoop(t, 3)
			failFirst(l, errno) // the loop has no spare fd: EMFILE cannot be shed
			l.acceptAll(lfd)
			timeout := l.waitTimeout()
			if l.active != 0 || !l.acceptDeferred || timeout <= 0 || timeout > int(acceptRetryDelay/time.Millisecond) {
				t.Fatalf("after %v: %d accepted, deferred %v, wait timeout %d ms; want 0, true, 1..%v",
					errno, l.active, l.acceptDeferred, timeout, acceptRetryDelay)
			}
			if in, ok := p.modded[lfd]; !ok || in != 0 {
				t.Fatalf("listener interest %v (set: %v) while deferred, want none", in, ok)
			}
			l.retryAt = time.Now() // the delay has passed
			l.runTimers()
			if l.active != 3 || l.acceptDeferred || p.modded[lfd] != InterestRead {
				t.Fatalf("after the retry: %d of 3 accepted, deferred %v, listener interest %v",
					l.active, l.acceptDeferred, p.modded[lfd])
			}
		})
	}
}

// TestSpareFdIsReacquired: when shed could not take the spare fd back, the
// loop takes it as soon as a connection's fd is closed, so the next fd
// exhaustion is refused again instead of only waited out.
func TestSpareFdIsReacquired(t *testing.T) {
	l, fd, _ := pairLoop(t, &scriptedPoller{}, 0)
	l.adopt(fd)
	l.kill(l.conns[fd])
	l.closeDying()
	if l.spareFd < 0 {
		t.Fatal("no spare fd after a connection closed")
	}
	unix.Close(l.spareFd)
}
