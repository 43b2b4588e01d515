package loadgen

import (
	"os"

	"golang.org/x/sys/unix"
)

// tickData marks the driver's timerfd in epoll event data.
const tickData = -1

// wakeTimer is a timerfd in the driver's epoll set. In closed mode the
// driver then waits with no timeout: an epoll_wait timeout arms and
// cancels a kernel hrtimer on every wait (every request), while the timerfd
// is set only when the next deadline (window end, timeout scan) moves.
type wakeTimer struct {
	fd    int
	armed int64 // the deadline set, on the driver clock; 0: none
}

func newWakeTimer(w *waiter) (*wakeTimer, error) {
	fd, err := unix.TimerfdCreate(unix.CLOCK_MONOTONIC, unix.TFD_NONBLOCK|unix.TFD_CLOEXEC)
	if err != nil {
		return nil, os.NewSyscallError("timerfd_create", err)
	}
	if err := w.add(fd, unix.EPOLLIN, tickData); err != nil {
		unix.Close(fd)
		return nil, err
	}
	return &wakeTimer{fd: fd}, nil
}

// arm makes the timer fire at deadline (driver clock), now being now;
// a deadline already set costs nothing.
func (t *wakeTimer) arm(deadline, now int64) error {
	if deadline == t.armed {
		return nil
	}
	spec := unix.ItimerSpec{Value: unix.NsecToTimespec(max(deadline-now, 1))}
	if err := unix.TimerfdSettime(t.fd, 0, &spec, nil); err != nil {
		return os.NewSyscallError("timerfd_settime", err)
	}
	t.armed = deadline
	return nil
}

// fired clears the expiry count after the timer's event.
func (t *wakeTimer) fired() {
	var b [8]byte
	rawRead(t.fd, b[:])
	t.armed = 0
}

func (t *wakeTimer) close() { unix.Close(t.fd) }

// exactWakeups makes the calling OS thread's timed waits end on time. Linux
// lets a thread's timers fire up to its timer slack late (50 µs by default)
// so wakeups can be batched; in open-loop mode a send that starts late is
// counted, from its intended time, as server latency, so the driver asks for
// the smallest slack. The returned function restores the previous slack
// before the thread goes back to the Go runtime's pool.
func exactWakeups() (restore func()) {
	prev, err := unix.PrctlRetInt(unix.PR_GET_TIMERSLACK, 0, 0, 0, 0)
	if err != nil || unix.Prctl(unix.PR_SET_TIMERSLACK, 1, 0, 0, 0) != nil {
		return func() {}
	}
	return func() { _ = unix.Prctl(unix.PR_SET_TIMERSLACK, uintptr(prev), 0, 0, 0) }
}
