package loadgen

import (
	"time"

	"github.com/muxbench/muxbench/internal/poller/epoll"
	"golang.org/x/sys/unix"
)

// The waiter is the one place loadgen touches epoll(7): every workload
// thread and the idle fleet wait through it, on the project's one epoll
// wrapper (epoll.Instance). Events are unix.EpollEvent with the caller's
// data word in Fd (a connection's index, tickData, the fleet's index).

// waiter waits for readiness on one epoll instance with nanosecond
// timeouts (epoll_pwait2; epoll_wait's millisecond timeout would add up to
// a millisecond of schedule error in open mode). It is owned by one thread.
type waiter struct {
	ep     *epoll.Instance
	events []unix.EpollEvent
	// waits counts wait calls: a driver that spins shows here; idle counts
	// those that returned no event (a timeout): a loop that waits for a
	// timeout it need not shows there.
	waits, idle uint64
	// raw makes the waits epoll.Instance.WaitPreciseRaw: set for a window whose
	// workload threads leave the Go scheduler a P to spare (runWindow).
	raw bool
}

func newWaiter(size int) (*waiter, error) {
	ep, err := epoll.NewInstance()
	if err != nil {
		return nil, err
	}
	return &waiter{ep: ep, events: make([]unix.EpollEvent, size)}, nil
}

func (w *waiter) add(fd int, events uint32, data int32) error { return w.ep.Add(fd, events, data) }

func (w *waiter) modify(fd int, events uint32, data int32) error { return w.ep.Mod(fd, events, data) }

// wait returns the ready events, waiting at most timeout (< 0: forever); a
// raw wait may return none early, when a signal ended it.
func (w *waiter) wait(timeout time.Duration) ([]unix.EpollEvent, error) {
	w.waits++
	wait := w.ep.WaitPrecise
	if w.raw {
		wait = w.ep.WaitPreciseRaw
	}
	n, err := wait(w.events, timeout)
	if err != nil {
		return nil, err
	}
	if n == 0 {
		w.idle++
	}
	return w.events[:n], nil
}

func (w *waiter) close() error { return w.ep.Close() }
