package loadgen

import (
	"errors"
	"os"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// The waiter is the one place loadgen touches epoll(7): every workload
// thread and the idle fleet wait through it, and nothing else calls
// epoll_create1, epoll_ctl or epoll_wait. It is the seam for the shared
// epoll package: when its low-level Instance lands, newWaiter, add,
// modify, wait and close here become calls to it (the Instance keeping
// the fd and the event buffer), wait keeps counting waits and idle, and
// no caller changes as long as the events stay unix.EpollEvent with the
// caller's data in Fd (idx, tickData, the fleet's index).

// waiter waits for readiness on one epoll fd with nanosecond timeouts
// (epoll_pwait2; epoll_wait's millisecond timeout would add up to a
// millisecond of schedule error in open mode). It is owned by one thread.
type waiter struct {
	epfd   int
	events []unix.EpollEvent
	ts     unix.Timespec
	coarse bool // epoll_pwait2 unavailable: millisecond epoll_wait
	// waits counts wait calls (EINTR included): a driver that spins shows
	// here; idle counts those that returned no event (a timeout, EINTR): a
	// loop that waits for a timeout it need not shows there.
	waits, idle uint64
}

func newWaiter(size int) (*waiter, error) {
	epfd, err := unix.EpollCreate1(unix.EPOLL_CLOEXEC)
	if err != nil {
		return nil, os.NewSyscallError("epoll_create1", err)
	}
	return &waiter{epfd: epfd, events: make([]unix.EpollEvent, size)}, nil
}

func (w *waiter) add(fd int, events uint32, data int32) error {
	ev := unix.EpollEvent{Events: events, Fd: data}
	if err := unix.EpollCtl(w.epfd, unix.EPOLL_CTL_ADD, fd, &ev); err != nil {
		return os.NewSyscallError("epoll_ctl", err)
	}
	return nil
}

func (w *waiter) modify(fd int, events uint32, data int32) error {
	ev := unix.EpollEvent{Events: events, Fd: data}
	if err := unix.EpollCtl(w.epfd, unix.EPOLL_CTL_MOD, fd, &ev); err != nil {
		return os.NewSyscallError("epoll_ctl", err)
	}
	return nil
}

// wait returns the ready events, waiting at most timeout (< 0: forever).
// EINTR returns no events.
func (w *waiter) wait(timeout time.Duration) ([]unix.EpollEvent, error) {
	w.waits++
	var n int
	var err error
	if w.coarse || timeout < 0 {
		ms := -1
		if timeout >= 0 {
			ms = int((timeout + time.Millisecond - 1) / time.Millisecond)
		}
		n, err = unix.EpollWait(w.epfd, w.events, ms)
	} else {
		n, err = w.waitFine(timeout)
	}
	if errors.Is(err, unix.EINTR) {
		n, err = 0, nil
	}
	if err != nil {
		return nil, os.NewSyscallError("epoll_wait", err)
	}
	if n == 0 {
		w.idle++
	}
	return w.events[:n], nil
}

func (w *waiter) waitFine(timeout time.Duration) (int, error) {
	w.ts = unix.NsecToTimespec(int64(timeout))
	n, _, errno := unix.Syscall6(unix.SYS_EPOLL_PWAIT2, uintptr(w.epfd),
		uintptr(unsafe.Pointer(&w.events[0])), uintptr(len(w.events)),
		uintptr(unsafe.Pointer(&w.ts)), 0, 0)
	if errno == unix.ENOSYS {
		w.coarse = true
		return unix.EpollWait(w.epfd, w.events, int(timeout/time.Millisecond))
	}
	if errno != 0 {
		return 0, errno
	}
	return int(n), nil
}

func (w *waiter) close() error { return unix.Close(w.epfd) }
