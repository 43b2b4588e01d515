//go:build linux

package semantics

import (
	"errors"
	"os"
	"time"

	"golang.org/x/sys/unix"
)

// poller is one epoll instance watching the probe's single fd. The event
// buffer is reused across waits.
type poller struct {
	epfd int
	buf  [8]unix.EpollEvent
}

func newPoller() (*poller, error) {
	fd, err := unix.EpollCreate1(unix.EPOLL_CLOEXEC)
	if err != nil {
		return nil, os.NewSyscallError("epoll_create1", err)
	}
	return &poller{epfd: fd}, nil
}

func (p *poller) ctl(op, fd int, events uint32) error {
	ev := unix.EpollEvent{Events: events, Fd: int32(fd)}
	return os.NewSyscallError("epoll_ctl", unix.EpollCtl(p.epfd, op, fd, &ev))
}

func (p *poller) add(fd int, events uint32) error { return p.ctl(unix.EPOLL_CTL_ADD, fd, events) }
func (p *poller) mod(fd int, events uint32) error { return p.ctl(unix.EPOLL_CTL_MOD, fd, events) }

// wait returns the ready events, or none when timeout passes first. EINTR
// is retried with what is left of the timeout, so a signal neither ends
// the wait early nor stretches it.
func (p *poller) wait(timeout time.Duration) ([]unix.EpollEvent, error) {
	deadline := time.Now().Add(timeout)
	for {
		n, err := unix.EpollWait(p.epfd, p.buf[:], waitMillis(time.Until(deadline)))
		if errors.Is(err, unix.EINTR) {
			continue
		}
		if err != nil {
			return nil, os.NewSyscallError("epoll_wait", err)
		}
		return p.buf[:n], nil
	}
}

// waitMillis rounds up, so a short positive remainder still waits.
func waitMillis(d time.Duration) int {
	if d <= 0 {
		return 0
	}
	return int((d + time.Millisecond - 1) / time.Millisecond)
}

// waitOne waits up to timeout for one event; the probe watches one fd, so
// at most one event comes back per wait.
func (p *poller) waitOne(timeout time.Duration) (unix.EpollEvent, bool, error) {
	evs, err := p.wait(timeout)
	if err != nil || len(evs) == 0 {
		return unix.EpollEvent{}, false, err
	}
	return evs[0], true, nil
}

func (p *poller) close() error { return os.NewSyscallError("close", unix.Close(p.epfd)) }
