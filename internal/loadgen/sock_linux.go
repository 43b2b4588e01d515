package loadgen

import (
	"errors"
	"fmt"
	"net/netip"
	"os"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// target is one destination with an optional source address, resolved once.
type target struct {
	addr string
	dst  unix.SockaddrInet4
	src  *unix.SockaddrInet4
	// rcvbuf, when > 0, is SO_RCVBUF set before connect (bulk's slow
	// readers).
	rcvbuf int
}

func newTarget(addr string, src *netip.Addr) (target, error) {
	ap, err := resolve(addr)
	if err != nil {
		return target{}, err
	}
	t := target{addr: addr, dst: unix.SockaddrInet4{Port: int(ap.Port()), Addr: ap.Addr().As4()}}
	if src != nil {
		t.src = &unix.SockaddrInet4{Addr: src.As4()}
	}
	return t, nil
}

// ConnectError is a connection that could not be established: the server is
// not listening, refused, reset or did not answer in time.
type ConnectError struct {
	Addr string
	Err  error
}

func (e *ConnectError) Error() string { return fmt.Sprintf("cannot connect to %s: %v", e.Addr, e.Err) }
func (e *ConnectError) Unwrap() error { return e.Err }

// openSocket creates a non-blocking TCP socket for t, bound to t's source
// address when it has one, and starts connecting. inProgress is true when
// the connect has not completed yet (EINPROGRESS).
func openSocket(t *target) (fd int, inProgress bool, err error) {
	fd, err = unix.Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return -1, false, os.NewSyscallError("socket", err)
	}
	if err = setupSocket(fd, t); err != nil {
		unix.Close(fd)
		return -1, false, err
	}
	err = unix.Connect(fd, &t.dst)
	switch {
	case err == nil:
		return fd, false, nil
	case errors.Is(err, unix.EINPROGRESS), errors.Is(err, unix.EINTR):
		// An interrupted connect carries on asynchronously, as EINPROGRESS.
		return fd, true, nil
	}
	unix.Close(fd)
	return -1, false, os.NewSyscallError("connect", err)
}

func setupSocket(fd int, t *target) error {
	if err := unix.SetsockoptInt(fd, unix.IPPROTO_TCP, unix.TCP_NODELAY, 1); err != nil {
		return os.NewSyscallError("setsockopt TCP_NODELAY", err)
	}
	if t.rcvbuf > 0 {
		if err := unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_RCVBUF, t.rcvbuf); err != nil {
			return os.NewSyscallError("setsockopt SO_RCVBUF", err)
		}
	}
	if t.src == nil {
		return nil
	}
	// Choose the port at connect time, per destination, not at bind time
	// per source address: else one source IP runs out of ports at ~28k
	// connections over all destinations.
	if err := unix.SetsockoptInt(fd, unix.IPPROTO_IP, unix.IP_BIND_ADDRESS_NO_PORT, 1); err != nil {
		return os.NewSyscallError("setsockopt IP_BIND_ADDRESS_NO_PORT", err)
	}
	if err := unix.Bind(fd, t.src); err != nil {
		return os.NewSyscallError("bind", err)
	}
	return nil
}

// connectResult reads the outcome of an asynchronous connect.
func connectResult(fd int) error {
	soerr, err := unix.GetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_ERROR)
	if err != nil {
		return os.NewSyscallError("getsockopt SO_ERROR", err)
	}
	if soerr != 0 {
		return os.NewSyscallError("connect", unix.Errno(soerr))
	}
	return nil
}

// dial opens one connection to t and waits up to timeout for it.
func dial(t *target, timeout time.Duration) (int, error) {
	fd, inProgress, err := openSocket(t)
	if err != nil {
		return -1, &ConnectError{Addr: t.addr, Err: err}
	}
	if inProgress {
		err = waitWritable(fd, timeout)
		if err == nil {
			err = connectResult(fd)
		}
	}
	if err != nil {
		unix.Close(fd)
		return -1, &ConnectError{Addr: t.addr, Err: err}
	}
	return fd, nil
}

func waitWritable(fd int, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		left := time.Until(deadline)
		if left <= 0 {
			return os.NewSyscallError("connect", unix.ETIMEDOUT)
		}
		pfd := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLOUT}}
		n, err := unix.Poll(pfd, int(left/time.Millisecond)+1)
		switch {
		case errors.Is(err, unix.EINTR):
			continue
		case err != nil:
			return os.NewSyscallError("poll", err)
		case n > 0:
			return nil
		}
	}
}

// rawRead and rawWrite are read(2) and write(2) on a non-blocking socket
// without the runtime's syscall bookkeeping: they never block, so the
// scheduler need not hand the P off, and skipping entersyscall/exitsyscall
// saves a little on every request.
func rawRead(fd int, b []byte) (int, unix.Errno) {
	n, _, errno := unix.RawSyscall(unix.SYS_READ, uintptr(fd), uintptr(unsafe.Pointer(&b[0])), uintptr(len(b)))
	return int(n), errno
}

func rawWrite(fd int, b []byte) (int, unix.Errno) {
	n, _, errno := unix.RawSyscall(unix.SYS_WRITE, uintptr(fd), uintptr(unsafe.Pointer(&b[0])), uintptr(len(b)))
	return int(n), errno
}

// errClosed is a connection the server closed.
var errClosed = errors.New("closed by peer")

// readSome reads once into buf, retrying EINTR. It returns the bytes read,
// whether the socket is drained (EAGAIN, or a short read), and errClosed
// (EOF, a reset) or the read error.
func readSome(fd int, buf []byte) (int, bool, error) {
	for {
		n, errno := rawRead(fd, buf)
		switch {
		case errno == unix.EINTR:
			continue
		case errno == unix.EAGAIN:
			return 0, true, nil
		case errno == unix.ECONNRESET:
			return 0, true, errClosed
		case errno != 0:
			return 0, true, errno
		case n == 0:
			return 0, true, errClosed
		}
		return n, n < len(buf), nil
	}
}

// writeSome writes b until it is all written or the socket is full
// (EAGAIN), retrying EINTR. It returns how many bytes went and, for a
// broken connection only, the write error.
func writeSome(fd int, b []byte) (int, error) {
	done := 0
	for done < len(b) {
		n, errno := rawWrite(fd, b[done:])
		switch errno {
		case 0:
			done += n
		case unix.EINTR:
		case unix.EAGAIN:
			return done, nil
		default:
			return done, errno
		}
	}
	return done, nil
}
