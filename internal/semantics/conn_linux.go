package semantics

import (
	"errors"
	"fmt"
	"os"
	"time"

	"golang.org/x/sys/unix"
)

// Bounds shared by the probes. expectWithin caps a wait for an event the
// probe has caused; quietWindow is how long a probe watches for an event it
// expects NOT to come (a count of 0 means "none within quietWindow").
const (
	expectWithin = time.Second
	quietWindow  = 20 * time.Millisecond
	ioTimeout    = 2 * time.Second // SO_RCVTIMEO safety net on blocking fds
)

// conn is one TCP connection over loopback: server is the accepted end the
// probe watches with epoll, client the end that plays the text's `nc`.
// Both start blocking; a probe makes server non-blocking when it needs to.
type conn struct {
	server, client int
}

// dial builds a connection through a fresh listener on 127.0.0.1:0, which it
// closes before returning.
func dial() (c conn, err error) {
	c = conn{server: -1, client: -1}
	lfd, err := listen()
	if err != nil {
		return c, err
	}
	defer unix.Close(lfd)
	sa, err := unix.Getsockname(lfd)
	if err != nil {
		return c, os.NewSyscallError("getsockname", err)
	}
	if c.client, err = connect(sa); err != nil {
		return c, err
	}
	// connect returned, so the connection waits in the accept queue; the
	// receive timeout only bounds accept should that ever not hold.
	if c.server, _, err = unix.Accept4(lfd, unix.SOCK_CLOEXEC); err != nil {
		c.close()
		return conn{server: -1, client: -1}, os.NewSyscallError("accept4", err)
	}
	return c, nil
}

func listen() (int, error) {
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return -1, os.NewSyscallError("socket", err)
	}
	steps := []struct {
		name string
		err  error
	}{
		{"setsockopt", setRecvTimeout(fd, ioTimeout)},
		{"bind", unix.Bind(fd, &unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}})},
		{"listen", unix.Listen(fd, 1)},
	}
	for _, s := range steps {
		if s.err != nil {
			unix.Close(fd)
			return -1, os.NewSyscallError(s.name, s.err)
		}
	}
	return fd, nil
}

// connect opens the client end, with Nagle off so each message the probe
// writes leaves at once as its own segment.
func connect(sa unix.Sockaddr) (int, error) {
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return -1, os.NewSyscallError("socket", err)
	}
	if err := unix.SetsockoptInt(fd, unix.IPPROTO_TCP, unix.TCP_NODELAY, 1); err != nil {
		unix.Close(fd)
		return -1, os.NewSyscallError("setsockopt", err)
	}
	if err := setRecvTimeout(fd, ioTimeout); err != nil {
		unix.Close(fd)
		return -1, os.NewSyscallError("setsockopt", err)
	}
	if err := unix.Connect(fd, sa); err != nil {
		unix.Close(fd)
		return -1, os.NewSyscallError("connect", err)
	}
	return fd, nil
}

func setRecvTimeout(fd int, d time.Duration) error {
	tv := unix.NsecToTimeval(d.Nanoseconds())
	return unix.SetsockoptTimeval(fd, unix.SOL_SOCKET, unix.SO_RCVTIMEO, &tv)
}

// close closes whichever ends are still open.
func (c *conn) close() error {
	var errs []error
	for _, fd := range []*int{&c.server, &c.client} {
		if *fd >= 0 {
			errs = append(errs, os.NewSyscallError("close", unix.Close(*fd)))
			*fd = -1
		}
	}
	return errors.Join(errs...)
}

// send writes msg from the client; the client is blocking and msg is tiny,
// so a short write means something is wrong.
func (c conn) send(msg string) error {
	n, err := retryEINTR(func() (int, error) { return unix.Write(c.client, []byte(msg)) })
	if err != nil {
		return os.NewSyscallError("write", err)
	}
	if n != len(msg) {
		return fmt.Errorf("write: %d of %d bytes", n, len(msg))
	}
	return nil
}

// setNonblock is the correct way: O_NONBLOCK is a file status flag, so it
// goes through F_GETFL/F_SETFL.
func setNonblock(fd int) error {
	fl, err := unix.FcntlInt(uintptr(fd), unix.F_GETFL, 0)
	if err != nil {
		return os.NewSyscallError("fcntl", err)
	}
	_, err = unix.FcntlInt(uintptr(fd), unix.F_SETFL, fl|unix.O_NONBLOCK)
	return os.NewSyscallError("fcntl", err)
}

func isNonblocking(fd int) (bool, error) {
	fl, err := unix.FcntlInt(uintptr(fd), unix.F_GETFL, 0)
	return fl&unix.O_NONBLOCK != 0, os.NewSyscallError("fcntl", err)
}

// pending is how many bytes wait unread in fd's receive queue (SIOCINQ).
func pending(fd int) (int, error) {
	n, err := unix.IoctlGetInt(fd, unix.SIOCINQ)
	return n, os.NewSyscallError("ioctl", err)
}

// read reads once, retrying EINTR; EAGAIN comes back as an error.
func read(fd int, buf []byte) (int, error) {
	return retryEINTR(func() (int, error) { return unix.Read(fd, buf) })
}

func retryEINTR(f func() (int, error)) (int, error) {
	for {
		n, err := f()
		if !errors.Is(err, unix.EINTR) {
			return n, err
		}
	}
}

// drain reads a non-blocking fd until EAGAIN, EOF or an error, as the ET
// read rule demands, and returns the bytes read. maxReads bounds it.
func drain(fd int) (int, error) {
	var buf [512]byte
	total := 0
	for range maxReads {
		n, err := read(fd, buf[:])
		switch {
		case errors.Is(err, unix.EAGAIN):
			return total, nil
		case err != nil:
			return total, os.NewSyscallError("read", err)
		case n == 0:
			return total, nil
		}
		total += n
	}
	return total, fmt.Errorf("drain: still data after %d reads", maxReads)
}

const maxReads = 64
