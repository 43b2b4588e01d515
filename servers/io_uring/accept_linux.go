package iouring

import (
	"github.com/muxbench/muxbench/internal/uring"
	"golang.org/x/sys/unix"
)

// armAccept keeps listener i's multishot accept in flight. Accepted fds are
// non-blocking (the loop never blocks on them; io_uring polls them itself)
// and close-on-exec.
func (l *loop) armAccept(i int) {
	if l.stopping || l.acceptPaused {
		return
	}
	sqe := l.prep()
	if sqe == nil {
		return
	}
	sqe.PrepAcceptMultishot(l.listeners[i].fd, unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, userData(opAccept, uint32(i)))
	l.listeners[i].armed = true
}

// onAccept adopts an accepted connection and re-arms an accept that ended.
// Out of fds, one waiting connection is refused through the spare fd per
// completion; with no spare left, accepting pauses until a connection
// closes, so the loop never spins on EMFILE.
func (l *loop) onAccept(i int, cqe uring.CQE) {
	ln := &l.listeners[i]
	if !cqe.More() {
		ln.armed = false
	}
	switch classify(cqe) {
	case errNone:
		l.c.Accepts++
		l.adopt(int(cqe.Res))
	case errNoFds:
		if !l.shed(ln.fd, unix.Errno(-cqe.Res)) {
			l.acceptPaused = true
		}
	case errCanceled, errRetry:
	default:
		l.logOnce(&l.logged.accept, "io_uring: accept: %v", unix.Errno(-cqe.Res))
	}
	if !ln.armed {
		l.armAccept(i)
	}
}

// adopt starts serving fd: TCP_NODELAY (replies go out whole, one per
// request; not every socket is TCP, so a failure is harmless) and its
// multishot recv. During shutdown the fd is closed at once.
func (l *loop) adopt(fd int) {
	if l.stopping {
		unix.Close(fd)
		l.c.Closes++
		return
	}
	unix.SetsockoptInt(fd, unix.IPPROTO_TCP, unix.TCP_NODELAY, 1)
	c := l.newConn(fd)
	l.active++
	l.armRecv(c)
}

// shed gives up the spare fd to accept one waiting connection and close it
// at once (refused), then takes the spare back. It reports whether
// accepting may go on.
func (l *loop) shed(lfd int, cause error) bool {
	l.logOnce(&l.logged.fds, "io_uring: out of file descriptors (%v); refusing connections until some close", cause)
	if l.spareFd < 0 { // lost at an earlier shed: try to take it back
		l.spareFd = openSpare()
		return l.spareFd >= 0
	}
	unix.Close(l.spareFd)
	var err error = unix.EINTR
	for err == unix.EINTR { // accept4(2) on the non-blocking listener
		var fd int
		if fd, _, err = unix.Accept4(lfd, unix.SOCK_CLOEXEC); err == nil {
			l.c.Accepts++
			l.c.Refused++
			unix.Close(fd)
		}
		l.c.AcceptCalls++
	}
	l.spareFd = openSpare()
	return err == nil || err == unix.EAGAIN
}

// resumeAccepts re-arms accepting after a pause for lack of fds; called
// when a connection's fd closes.
func (l *loop) resumeAccepts() {
	if !l.acceptPaused {
		return
	}
	l.acceptPaused = false
	for i := range l.listeners {
		if !l.listeners[i].armed {
			l.armAccept(i)
		}
	}
}

func openSpare() int {
	fd, err := unix.Open("/dev/null", unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return -1
	}
	return fd
}
