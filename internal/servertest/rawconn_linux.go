package servertest

import (
	"errors"
	"fmt"
	"net/netip"
	"os"
	"time"

	"golang.org/x/sys/unix"
)

// highFdBase is where the fleet's client sockets are moved. Client and
// server share the test process's fd table; parking the clients above every
// server fd keeps the server's fd numbers what they would be with remote
// clients, which is what select's FD_SETSIZE limit is about.
const highFdBase = 8192

// rawConn is a non-blocking client socket at a high fd number, driven with
// poll(2) so each operation has a deadline. net.Conn cannot be used: it
// would dup the socket back down to the lowest free fd.
type rawConn struct{ fd int }

// dialHigh connects to addr from a socket numbered >= highFdBase.
func dialHigh(addr netip.AddrPort, deadline time.Time) (*rawConn, error) {
	low, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return nil, os.NewSyscallError("socket", err)
	}
	fd, err := unix.FcntlInt(uintptr(low), unix.F_DUPFD_CLOEXEC, highFdBase)
	unix.Close(low)
	if err != nil {
		return nil, os.NewSyscallError("fcntl", err)
	}
	c := &rawConn{fd: fd}
	if err := c.connect(addr, deadline); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

func (c *rawConn) connect(addr netip.AddrPort, deadline time.Time) error {
	sa := &unix.SockaddrInet4{Port: int(addr.Port()), Addr: addr.Addr().As4()}
	err := unix.Connect(c.fd, sa)
	if err == nil {
		return nil
	}
	if !errors.Is(err, unix.EINPROGRESS) && !errors.Is(err, unix.EINTR) {
		return os.NewSyscallError("connect", err)
	}
	if err := c.wait(unix.POLLOUT, deadline); err != nil {
		return err
	}
	soErr, err := unix.GetsockoptInt(c.fd, unix.SOL_SOCKET, unix.SO_ERROR)
	if err != nil {
		return os.NewSyscallError("getsockopt", err)
	}
	if soErr != 0 {
		return os.NewSyscallError("connect", unix.Errno(soErr))
	}
	return nil
}

// errDeadline is a rawConn operation that outlived its deadline.
var errDeadline = errors.New("servertest: deadline exceeded")

// wait polls for events on the socket until deadline, retrying EINTR.
func (c *rawConn) wait(events int16, deadline time.Time) error {
	for {
		left := time.Until(deadline)
		if left <= 0 {
			return errDeadline
		}
		fds := []unix.PollFd{{Fd: int32(c.fd), Events: events}}
		_, err := unix.Poll(fds, int(left.Milliseconds())+1)
		switch {
		case errors.Is(err, unix.EINTR):
		case err != nil:
			return os.NewSyscallError("poll", err)
		case fds[0].Revents != 0:
			return nil
		}
	}
}

// writeAll writes p, waiting out EAGAIN.
func (c *rawConn) writeAll(p []byte, deadline time.Time) error {
	for len(p) > 0 {
		n, err := unix.Write(c.fd, p)
		switch {
		case errors.Is(err, unix.EAGAIN) || errors.Is(err, unix.EINTR):
			if err := c.wait(unix.POLLOUT, deadline); err != nil {
				return err
			}
		case err != nil:
			return os.NewSyscallError("write", err)
		default:
			p = p[n:]
		}
	}
	return nil
}

// readFull fills p; a peer close before that is io.ErrUnexpectedEOF-like
// and reported as errPeerClosed.
func (c *rawConn) readFull(p []byte, deadline time.Time) error {
	for len(p) > 0 {
		n, err := unix.Read(c.fd, p)
		switch {
		case errors.Is(err, unix.EAGAIN) || errors.Is(err, unix.EINTR):
			if err := c.wait(unix.POLLIN, deadline); err != nil {
				return err
			}
		case err != nil:
			return os.NewSyscallError("read", err)
		case n == 0:
			return errPeerClosed
		default:
			p = p[n:]
		}
	}
	return nil
}

var errPeerClosed = errors.New("servertest: peer closed")

// refused reports whether err is how a client sees a server that accepted
// and closed its connection at once: EOF, reset or a broken pipe.
func refused(err error) bool {
	return errors.Is(err, errPeerClosed) || errors.Is(err, unix.ECONNRESET) || errors.Is(err, unix.EPIPE)
}

// Close closes the socket once; later calls do nothing, so a cleanup never
// closes an fd number the process has since reused.
func (c *rawConn) Close() error {
	if c.fd < 0 {
		return nil
	}
	err := unix.Close(c.fd)
	c.fd = -1
	return err
}

func (c *rawConn) String() string { return fmt.Sprintf("client fd %d", c.fd) }
