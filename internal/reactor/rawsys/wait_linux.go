package rawsys

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// The readiness waits, raw. Unlike the calls in rawsys_linux.go these do
// block, up to their timeout, holding the thread's P all the while: the
// caller bounds the timeout (the reactor's rawWaitMax) and treats EINTR
// as the end of the wait. Each makes the same syscall as the x/sys wrapper
// the poller uses otherwise, so syscall counts by name do not change.

// EpollPwait is epoll_pwait(2) without a signal mask: epoll_wait(2).
func EpollPwait(epfd int, events []unix.EpollEvent, ms int) (int, error) {
	var first unsafe.Pointer
	if len(events) > 0 {
		first = unsafe.Pointer(&events[0])
	}
	n, _, e := unix.RawSyscall6(unix.SYS_EPOLL_PWAIT, uintptr(epfd), uintptr(first),
		uintptr(len(events)), uintptr(ms), 0, 0)
	return result(n, e)
}

// Ppoll is ppoll(2) without a signal mask; a nil ts waits forever.
func Ppoll(fds []unix.PollFd, ts *unix.Timespec) (int, error) {
	var first unsafe.Pointer
	if len(fds) > 0 {
		first = unsafe.Pointer(&fds[0])
	}
	n, _, e := unix.RawSyscall6(unix.SYS_PPOLL, uintptr(first), uintptr(len(fds)),
		uintptr(unsafe.Pointer(ts)), 0, 0, 0)
	return result(n, e)
}

// Pselect6 is pselect6(2) without a signal mask and without an exception
// set; a nil ts waits forever. The kernel may update *ts.
func Pselect6(nfd int, r, w *unix.FdSet, ts *unix.Timespec) (int, error) {
	n, _, e := unix.RawSyscall6(unix.SYS_PSELECT6, uintptr(nfd), uintptr(unsafe.Pointer(r)),
		uintptr(unsafe.Pointer(w)), 0, uintptr(unsafe.Pointer(ts)), 0)
	return result(n, e)
}
