package poller_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/muxbench/muxbench/internal/poller/epoll"
	"github.com/muxbench/muxbench/internal/poller/poll"
	selectpoll "github.com/muxbench/muxbench/internal/poller/select"
	"github.com/muxbench/muxbench/internal/reactor"
	"github.com/muxbench/muxbench/internal/reactor/reactortest"
	"golang.org/x/sys/unix"
)

type pollerCase struct {
	name string
	new  func() (reactor.Poller, error)
}

// basePollers are every Poller the backends use, by name.
var basePollers = []pollerCase{
	{name: "select", new: func() (reactor.Poller, error) { return selectpoll.New(), nil }},
	{name: "poll", new: func() (reactor.Poller, error) { return poll.New(), nil }},
	{name: "epoll-lt", new: func() (reactor.Poller, error) { return epoll.New(epoll.Level) }},
	{name: "epoll-et", new: func() (reactor.Poller, error) { return epoll.New(epoll.Edge) }},
}

// pollers are basePollers twice: as they are, and with every Wait made by
// WaitRaw ("-raw"), so each test covers both waits.
var pollers = withRawWaits(basePollers)

func withRawWaits(base []pollerCase) []pollerCase {
	all := append([]pollerCase(nil), base...)
	for _, pc := range base {
		newP := pc.new
		all = append(all, pollerCase{name: pc.name + "-raw", new: func() (reactor.Poller, error) {
			p, err := newP()
			return rawWaits{p}, err
		}})
	}
	return all
}

// rawWaits is a Poller whose Wait is its WaitRaw (0 and short timeouts
// only, as the contract allows).
type rawWaits struct{ reactor.Poller }

func (r rawWaits) Wait(events []reactor.Event, timeoutMs int) (int, error) {
	return r.Poller.WaitRaw(events, timeoutMs)
}

// pair returns a connected non-blocking socket pair; both ends close with t.
func pair(t *testing.T) (watched, peer int) { return reactortest.SocketPair(t) }

func newPoller(t *testing.T, newP func() (reactor.Poller, error)) reactor.Poller {
	t.Helper()
	p, err := newP()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

// flagsFor waits (0: return at once; the events tested are already raised)
// and returns the flags reported for fd, 0 when none.
func flagsFor(t *testing.T, p reactor.Poller, fd int) reactor.Flags {
	t.Helper()
	events := make([]reactor.Event, 8)
	n, err := p.Wait(events, 0)
	if err != nil {
		t.Fatalf("Wait: %v", err)
	}
	var f reactor.Flags
	for _, ev := range events[:n] {
		if int(ev.Fd) == fd {
			f |= ev.Flags
		}
	}
	return f
}

func write(t *testing.T, fd int, s string) {
	t.Helper()
	if n, err := unix.Write(fd, []byte(s)); err != nil || n != len(s) {
		t.Fatalf("write = %d, %v", n, err)
	}
}

func TestUndrainedDataLevelReportsAgainEdgeDoesNot(t *testing.T) {
	for _, pc := range pollers {
		t.Run(pc.name, func(t *testing.T) {
			p := newPoller(t, pc.new)
			a, b := pair(t)
			if err := p.Add(a, reactor.InterestRead); err != nil {
				t.Fatal(err)
			}
			write(t, b, "abcdef\n")
			if f := flagsFor(t, p, a); f&reactor.Readable == 0 {
				t.Fatalf("first wait flags = %b, want readable", f)
			}
			var one [1]byte
			if _, err := unix.Read(a, one[:]); err != nil {
				t.Fatal(err)
			}
			f := flagsFor(t, p, a)
			if got, want := f&reactor.Readable != 0, !p.EdgeTriggered(); got != want {
				t.Fatalf("after a 1-byte read: readable reported = %v, want %v", got, want)
			}
		})
	}
}

func TestDelStopsEvents(t *testing.T) {
	for _, pc := range pollers {
		t.Run(pc.name, func(t *testing.T) {
			p := newPoller(t, pc.new)
			a, b := pair(t)
			if err := p.Add(a, reactor.InterestRead|reactor.InterestWrite); err != nil {
				t.Fatal(err)
			}
			write(t, b, "x")
			if err := p.Del(a); err != nil {
				t.Fatal(err)
			}
			if f := flagsFor(t, p, a); f != 0 {
				t.Fatalf("flags after Del = %b, want none", f)
			}
		})
	}
}

// TestModWriteInterest: level-triggered pollers report writability only
// while write interest is on; edge-triggered reports the one edge from Add
// and Mod changes nothing (and costs no syscall).
func TestModWriteInterest(t *testing.T) {
	for _, pc := range pollers {
		t.Run(pc.name, func(t *testing.T) {
			p := newPoller(t, pc.new)
			a, _ := pair(t)
			et := p.EdgeTriggered()
			if err := p.Add(a, reactor.InterestRead); err != nil {
				t.Fatal(err)
			}
			steps := []struct {
				in       reactor.Interest
				writable bool
			}{
				{in: reactor.InterestRead, writable: et}, // ET: the edge of registration
				{in: reactor.InterestRead | reactor.InterestWrite, writable: !et},
				{in: reactor.InterestRead | reactor.InterestWrite, writable: !et},
				{in: reactor.InterestRead, writable: false},
			}
			before := p.Stats().CtlSyscalls
			for i, st := range steps {
				if err := p.Mod(a, st.in); err != nil {
					t.Fatal(err)
				}
				if got := flagsFor(t, p, a)&reactor.Writable != 0; got != st.writable {
					t.Fatalf("step %d: writable = %v, want %v", i, got, st.writable)
				}
			}
			if after := p.Stats().CtlSyscalls; et && after != before {
				t.Fatalf("edge-triggered Mod made %d epoll_ctl calls, want 0", after-before)
			}
		})
	}
}

func TestPeerCloseIsReported(t *testing.T) {
	for _, pc := range pollers {
		t.Run(pc.name, func(t *testing.T) {
			p := newPoller(t, pc.new)
			a, b := pair(t)
			if err := p.Add(a, reactor.InterestRead); err != nil {
				t.Fatal(err)
			}
			if err := unix.Shutdown(b, unix.SHUT_WR); err != nil {
				t.Fatal(err)
			}
			if f := flagsFor(t, p, a); f&reactor.Readable == 0 {
				t.Fatalf("flags after peer shutdown = %b, want readable (EOF)", f)
			}
		})
	}
}

// TestHighFd: select refuses fds >= FD_SETSIZE with ErrFdTooHigh and no
// trace; the other pollers watch them.
func TestHighFd(t *testing.T) {
	for _, pc := range pollers {
		t.Run(pc.name, func(t *testing.T) {
			p := newPoller(t, pc.new)
			a, b := pair(t)
			const high = 1500
			if err := unix.Dup3(a, high, unix.O_CLOEXEC); err != nil {
				t.Skipf("cannot dup to fd %d: %v", high, err)
			}
			t.Cleanup(func() { unix.Close(high) })
			err := p.Add(high, reactor.InterestRead)
			if strings.HasPrefix(pc.name, "select") {
				if !errors.Is(err, reactor.ErrFdTooHigh) {
					t.Fatalf("Add(%d) = %v, want ErrFdTooHigh", high, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Add(%d) = %v", high, err)
			}
			write(t, b, "x")
			if f := flagsFor(t, p, high); f&reactor.Readable == 0 {
				t.Fatalf("fd %d flags = %b, want readable", high, f)
			}
		})
	}
}

// TestWaitAllocatesNothing: the contract's "no allocation per wait", with a
// ready fd reported by every wait, and a write-interest toggle beside it.
func TestWaitAllocatesNothing(t *testing.T) {
	for _, pc := range pollers {
		t.Run(pc.name, func(t *testing.T) {
			p := newPoller(t, pc.new)
			a, b := pair(t)
			if err := p.Add(a, reactor.InterestRead); err != nil {
				t.Fatal(err)
			}
			write(t, b, "x")
			events := make([]reactor.Event, 8)
			if _, err := p.Wait(events, 0); err != nil { // the first wait may size the poller's buffer
				t.Fatal(err)
			}
			allocs := testing.AllocsPerRun(200, func() {
				if _, err := p.Wait(events, 0); err != nil {
					t.Fatal(err)
				}
				if err := p.Mod(a, reactor.InterestRead|reactor.InterestWrite); err != nil {
					t.Fatal(err)
				}
				if err := p.Mod(a, reactor.InterestRead); err != nil {
					t.Fatal(err)
				}
			})
			if allocs != 0 {
				t.Fatalf("%v allocations per wait, want 0", allocs)
			}
		})
	}
}
