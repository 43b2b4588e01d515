package epoll

import (
	"os"
	"time"
	"unsafe"

	"github.com/muxbench/muxbench/internal/reactor/rawsys"
	"golang.org/x/sys/unix"
)

// Instance is one epoll fd with raw event masks: the low-level layer for
// every epoll user of the tree (the reactor's Poller, the semantics probes).
// It is owned by one goroutine; nothing in it is locked.
//
// A registration carries a 32-bit data word, returned in the Fd field of
// each ready unix.EpollEvent; callers put the fd there, or an index of
// their own. Wait fills a buffer the caller owns and reuses, so a wait
// allocates nothing.
type Instance struct {
	epfd   int
	ev     unix.EpollEvent // epoll_ctl's argument, kept here so it is not allocated
	ts     unix.Timespec   // epoll_pwait2's timeout, likewise
	coarse bool            // epoll_pwait2 unavailable (ENOSYS): WaitPrecise uses epoll_wait
	waits  uint64
}

// NewInstance creates an epoll instance, close-on-exec.
func NewInstance() (*Instance, error) {
	fd, err := unix.EpollCreate1(unix.EPOLL_CLOEXEC)
	if err != nil {
		return nil, os.NewSyscallError("epoll_create1", err)
	}
	return &Instance{epfd: fd}, nil
}

// Add registers fd for events (EPOLLIN, EPOLLET, EPOLLONESHOT, ... as given).
func (in *Instance) Add(fd int, events uint32, data int32) error {
	return in.ctl(unix.EPOLL_CTL_ADD, fd, events, data)
}

// Mod replaces fd's events and data word (and re-arms an EPOLLONESHOT fd).
func (in *Instance) Mod(fd int, events uint32, data int32) error {
	return in.ctl(unix.EPOLL_CTL_MOD, fd, events, data)
}

// Del removes fd; call it before close(2) when the fd may have been dup'ed,
// else closing the last reference removes it anyway.
func (in *Instance) Del(fd int) error {
	return in.ctl(unix.EPOLL_CTL_DEL, fd, 0, 0)
}

func (in *Instance) ctl(op, fd int, events uint32, data int32) error {
	in.ev = unix.EpollEvent{Events: events, Fd: data}
	if err := rawsys.EpollCtl(in.epfd, op, fd, &in.ev); err != nil {
		return os.NewSyscallError("epoll_ctl", err)
	}
	return nil
}

// Wait waits with epoll_wait for up to timeout (< 0: forever, 0: return at
// once; a positive timeout is rounded up to whole milliseconds, so a short
// one still waits) and fills events with the ready ones, returning how
// many. EINTR is retried with what is left of the timeout, so a signal
// neither ends the wait early nor stretches it.
func (in *Instance) Wait(events []unix.EpollEvent, timeout time.Duration) (int, error) {
	var deadline time.Time
	if timeout > 0 {
		deadline = time.Now().Add(timeout)
	}
	for {
		in.waits++
		n, err := unix.EpollWait(in.epfd, events, millis(timeout))
		if err != unix.EINTR {
			return n, os.NewSyscallError("epoll_wait", err)
		}
		timeout = remaining(timeout, deadline)
	}
}

// WaitRaw is one epoll_wait that never enters the Go scheduler
// (rawsys.EpollPwait), for the reactor's loop: the thread keeps its P while
// it blocks, so the caller bounds timeout. An interrupted wait (EINTR) is
// not retried: it returns no events and no error, as a timeout does.
func (in *Instance) WaitRaw(events []unix.EpollEvent, timeout time.Duration) (int, error) {
	in.waits++
	n, err := rawsys.EpollPwait(in.epfd, events, millis(timeout))
	switch err {
	case nil:
		return n, nil
	case unix.EINTR:
		return 0, nil
	}
	return 0, os.NewSyscallError("epoll_wait", err)
}

// WaitPrecise is Wait with epoll_pwait2's nanosecond timeout (Linux 5.11),
// for a caller whose schedule a millisecond of rounding would spoil. A
// negative timeout waits in epoll_wait, which is as good for forever; where
// the kernel lacks epoll_pwait2 (ENOSYS) every later wait falls back to
// Wait.
func (in *Instance) WaitPrecise(events []unix.EpollEvent, timeout time.Duration) (int, error) {
	if in.coarse || timeout < 0 {
		return in.Wait(events, timeout)
	}
	deadline := time.Now().Add(timeout)
	for {
		in.waits++
		n, err := in.pwait2(events, timeout)
		switch err {
		case unix.ENOSYS:
			in.coarse = true
			return in.Wait(events, remaining(timeout, deadline))
		case unix.EINTR:
			timeout = remaining(timeout, deadline)
			continue
		}
		return n, os.NewSyscallError("epoll_pwait2", err)
	}
}

func (in *Instance) pwait2(events []unix.EpollEvent, timeout time.Duration) (int, error) {
	in.ts = unix.NsecToTimespec(int64(timeout))
	var first unsafe.Pointer
	if len(events) > 0 {
		first = unsafe.Pointer(&events[0])
	}
	n, _, errno := unix.Syscall6(unix.SYS_EPOLL_PWAIT2, uintptr(in.epfd), uintptr(first),
		uintptr(len(events)), uintptr(unsafe.Pointer(&in.ts)), 0, 0)
	if errno != 0 {
		return 0, errno
	}
	return int(n), nil
}

// Waits is how many wait syscalls the instance has made, EINTR retries
// (and a first epoll_pwait2 refused with ENOSYS) included.
func (in *Instance) Waits() uint64 { return in.waits }

// Close closes the epoll fd; a second Close does nothing.
func (in *Instance) Close() error {
	if in.epfd < 0 {
		return nil
	}
	err := unix.Close(in.epfd)
	in.epfd = -1
	return os.NewSyscallError("close", err)
}

// millis is timeout as epoll_wait's argument, rounded up.
func millis(timeout time.Duration) int {
	if timeout < 0 {
		return -1
	}
	return int((timeout + time.Millisecond - 1) / time.Millisecond)
}

// remaining is what is left of a wait that started with timeout and ends at
// deadline: forever stays forever, and a passed deadline is a poll.
func remaining(timeout time.Duration, deadline time.Time) time.Duration {
	if timeout <= 0 {
		return timeout
	}
	return max(time.Until(deadline), 0)
}
