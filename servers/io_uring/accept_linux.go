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
// Out of fds, the listener is polled instead (see onAcceptPoll): a
// multishot accept takes the fd before it looks for a connection, so
// re-arming it would fail at once, again and again, with nobody waiting.
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
		l.logOnce(&l.logged.fds, "io_uring: out of file descriptors (%v); refusing connections until some close", unix.Errno(-cqe.Res))
		l.pollListener(i)
		return
	case errCanceled, errRetry, errAborted:
	default:
		l.logOnce(&l.logged.accept, "io_uring: accept: %v", unix.Errno(-cqe.Res))
	}
	if !ln.armed {
		l.armAccept(i)
	}
}

// pollListener waits, without taking an fd, for a connection to wait on
// listener i.
func (l *loop) pollListener(i int) {
	if l.stopping || l.acceptPaused {
		return
	}
	sqe := l.prep()
	if sqe == nil {
		return
	}
	sqe.PrepPollAdd(l.listeners[i].fd, unix.POLLIN, userData(opAcceptPoll, uint32(i)))
	l.listeners[i].polling = true
}

// onAcceptPoll accepts the connection that is waiting: served if fds are
// free again (and the multishot accept re-armed), else refused through the
// spare fd, one per poll. With no spare left, accepting pauses until a
// connection closes: the poll would report the same waiting connection
// forever.
func (l *loop) onAcceptPoll(i int, cqe uring.CQE) {
	ln := &l.listeners[i]
	ln.polling = false
	if classify(cqe) == errCanceled || l.stopping {
		return
	}
	fd, err := l.accept(ln.fd)
	switch {
	case err == nil:
		l.c.Accepts++
		l.adopt(fd)
		l.armAccept(i)
	case err == unix.EMFILE || err == unix.ENFILE:
		if l.shed(ln.fd) {
			l.pollListener(i)
		} else {
			l.acceptPaused = true
		}
	default: // EAGAIN, ECONNABORTED: the peer gave up; anything else: keep watching
		l.pollListener(i)
	}
}

// accept is one accept4(2) on the non-blocking listener, EINTR retried.
// It asks for the peer address (which allocates): it runs only out of fds.
func (l *loop) accept(lfd int) (int, error) {
	for {
		fd, _, err := unix.Accept4(lfd, unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC)
		l.c.AcceptCalls++
		if err != unix.EINTR {
			return fd, err
		}
	}
}

// shed gives up the spare fd to accept one waiting connection and close it
// at once (refused), then takes the spare back. It reports whether a spare
// is held for the next one.
func (l *loop) shed(lfd int) bool {
	if l.spareFd >= 0 {
		unix.Close(l.spareFd)
		if fd, err := l.accept(lfd); err == nil {
			l.c.Accepts++
			l.c.Refused++
			unix.Close(fd)
		}
	}
	l.spareFd = openSpare()
	return l.spareFd >= 0
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

// resumeAccepts re-arms accepting after a pause for lack of fds; called
// when a connection's fd closes.
func (l *loop) resumeAccepts() {
	if !l.acceptPaused {
		return
	}
	l.acceptPaused = false
	for i, ln := range l.listeners {
		if !ln.armed && !ln.polling {
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
