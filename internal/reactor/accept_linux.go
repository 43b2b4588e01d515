package reactor

import (
	"errors"

	"github.com/muxbench/muxbench/internal/reactor/rawsys"
	"golang.org/x/sys/unix"
)

// acceptAll accepts until EAGAIN, so one readiness report empties the
// backlog (and an edge-triggered listener cannot be left with waiting
// connections). A failure that a retry at once would meet again defers
// accepting (deferAccept) instead of leaving the backlog to a next edge
// that may never come.
func (l *loop) acceptAll(lfd int) {
	for {
		fd, err := l.accept(lfd)
		switch classifyAccept(err) {
		case acceptOK:
			l.c.Accepts++
			l.adopt(fd)
		case acceptDrained:
			return
		case acceptNext:
			continue // that connection failed in the backlog; the next may not
		case acceptNoFd:
			if err := l.shed(lfd, err); err != nil {
				if err != unix.EAGAIN {
					l.deferAccept()
				}
				return
			}
		default:
			l.logOnce(&l.loggedErr, "reactor: %v; accepting again in %v", sysErr("accept4", err), acceptRetryDelay)
			l.deferAccept()
			return
		}
	}
}

// accept calls accept4(2) without asking for the peer address (which would
// allocate) and with the new fd non-blocking and close-on-exec from birth.
func (l *loop) accept(lfd int) (int, error) {
	for {
		fd, err := l.accept4(lfd)
		l.c.AcceptCalls++
		if classify(err) != errRetry {
			return fd, err
		}
	}
}

func accept4(lfd int) (int, error) {
	return rawsys.Accept4(lfd, unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC)
}

// shed survives fd exhaustion without a busy loop: a level-triggered
// listener would otherwise report the same waiting connection forever. The
// spare fd is given up to accept one connection, which is closed at once
// (refused), and taken back. It returns that accept's error: nil when one
// was refused and accepting may go on, errNoSpare without a spare to give
// (shed could not take it back last time; reacquireSpare tries again when a
// connection closes).
func (l *loop) shed(lfd int, cause error) error {
	l.logOnce(&l.loggedMax, "reactor: out of file descriptors (%v); refusing connections until some close", cause)
	if l.spareFd < 0 {
		return errNoSpare
	}
	unix.Close(l.spareFd)
	fd, err := l.accept(lfd)
	if err == nil {
		l.c.Accepts++
		l.c.Refused++
		unix.Close(fd)
	}
	l.spareFd = openSpare()
	return err
}

// errNoSpare: fds are exhausted and there is no spare fd to refuse with.
var errNoSpare = errors.New("reactor: no spare fd")

// reacquireSpare takes the spare fd back once connections have closed, if
// shed could not: without it the next fd exhaustion could only be waited
// out, not refused.
func (l *loop) reacquireSpare() {
	if l.spareFd < 0 {
		l.spareFd = openSpare()
	}
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
