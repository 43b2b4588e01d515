package epoll

import (
	"os"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// WaitPreciseRaw is WaitPrecise as one epoll_pwait2 (epoll_wait where the kernel lacks it, or
// for timeout < 0) made without telling the Go scheduler, like
// RawSyscall: the thread blocks holding its P, so the runtime's monitor
// thread (sysmon) never inspects the wait. sysmon otherwise looks at a P
// in a syscall every 20 µs to 10 ms, and on a one-CPU generator it runs
// on the waiting thread's own CPU, woken about once every four round
// trips of a ping-pong. For a locked thread whose P nobody else needs
// (GOMAXPROCS above the threads waiting so, or other goroutines starve
// until the runtime preempts the waiter, after 10 ms). A signal — the
// runtime's preemption among them — ends the wait early with no events
// (not retried), so the caller returns to Go code, where it can be
// preempted and the world stopped.
func (in *Instance) WaitPreciseRaw(events []unix.EpollEvent, timeout time.Duration) (int, error) {
	in.waits++
	var ts uintptr
	trap := uintptr(unix.SYS_EPOLL_PWAIT2)
	if in.coarse || timeout < 0 {
		trap, ts = unix.SYS_EPOLL_PWAIT, uintptr(millis(timeout))
	} else {
		in.ts = unix.NsecToTimespec(int64(timeout))
		ts = uintptr(unsafe.Pointer(&in.ts))
	}
	var first unsafe.Pointer
	if len(events) > 0 {
		first = unsafe.Pointer(&events[0])
	}
	n, _, errno := unix.RawSyscall6(trap, uintptr(in.epfd), uintptr(first), uintptr(len(events)), ts, 0, 0)
	switch errno {
	case 0:
		return int(n), nil
	case unix.EINTR:
		return 0, nil
	case unix.ENOSYS:
		in.coarse = true
		return 0, nil
	}
	name := "epoll_pwait2"
	if trap == unix.SYS_EPOLL_PWAIT {
		name = "epoll_pwait"
	}
	return 0, os.NewSyscallError(name, errno)
}
