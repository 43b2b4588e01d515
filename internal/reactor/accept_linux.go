package reactor

import (
	"errors"

	"golang.org/x/sys/unix"
)

// acceptAll accepts until EAGAIN, so one readiness report empties the
// backlog (and an edge-triggered listener cannot be left with waiting
// connections).
func (l *loop) acceptAll(lfd int) {
	for {
		fd, err := l.accept(lfd)
		switch {
		case err == nil:
			l.c.Accepts++
			l.adopt(fd)
		case err == unix.EAGAIN:
			return
		case err == unix.ECONNABORTED:
			continue // the peer gave up while queued
		case err == unix.EMFILE || err == unix.ENFILE:
			if !l.shed(lfd, err) {
				return
			}
		default:
			l.logOnce(&l.loggedErr, "reactor: %v", sysErr("accept4", err))
			return
		}
	}
}

// accept calls accept4(2) without asking for the peer address (which would
// allocate) and with the new fd non-blocking and close-on-exec from birth.
func (l *loop) accept(lfd int) (int, error) {
	for {
		r, _, errno := unix.Syscall6(unix.SYS_ACCEPT4, uintptr(lfd), 0, 0,
			unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, 0, 0)
		l.c.AcceptCalls++
		if errno == 0 {
			return int(r), nil
		}
		if errno != unix.EINTR {
			return -1, errno
		}
	}
}

// shed survives fd exhaustion without a busy loop: a level-triggered
// listener would otherwise report the same waiting connection forever. The
// spare fd is given up to accept one connection, which is closed at once
// (refused), and taken back. It reports whether accepting may go on.
func (l *loop) shed(lfd int, cause error) bool {
	l.logOnce(&l.loggedMax, "reactor: out of file descriptors (%v); refusing connections until some close", cause)
	if l.spareFd < 0 {
		return false
	}
	unix.Close(l.spareFd)
	fd, err := l.accept(lfd)
	if err == nil {
		l.c.Accepts++
		l.c.Refused++
		unix.Close(fd)
	}
	l.spareFd = openSpare()
	return err == nil
}

func openSpare() int {
	fd, err := unix.Open("/dev/null", unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return -1
	}
	return fd
}

// adopt watches a new connection, or refuses it (closed at once, counted)
// when the poller cannot watch its fd.
func (l *loop) adopt(fd int) {
	if err := l.poller.Add(fd, InterestRead); err != nil {
		unix.Close(fd)
		l.c.Refused++
		if errors.Is(err, ErrFdTooHigh) {
			l.logOnce(&l.loggedFd, "reactor: refusing connection on fd %d: %v", fd, err)
		} else {
			l.logOnce(&l.loggedErr, "reactor: refusing connection: %v", err)
		}
		return
	}
	// Replies are written whole, one per request: Nagle would only hold
	// them back. Not every socket is TCP, so a failure is harmless.
	unix.SetsockoptInt(fd, unix.IPPROTO_TCP, unix.TCP_NODELAY, 1)
	if fd >= len(l.conns) {
		l.conns = append(l.conns, make([]*conn, fd+1-len(l.conns))...)
	}
	l.conns[fd] = &conn{fd: fd, interest: InterestRead}
	l.active++
}
