package rawsys

import (
	"errors"
	"testing"

	"github.com/muxbench/muxbench/internal/reactor/reactortest"
	"golang.org/x/sys/unix"
)

// TestReadWrite: the raw calls return what the kernel returns — bytes
// moved, EAGAIN on an empty non-blocking socket, EBADF on a closed fd —
// with the errno comparable as the reactor's classify compares it.
func TestReadWrite(t *testing.T) {
	a, b := reactortest.SocketPair(t)
	buf := make([]byte, 16)
	tests := []struct {
		name  string
		call  func() (int, error)
		n     int
		errno error
	}{
		{name: "read empty", call: func() (int, error) { return Read(b, buf) }, n: -1, errno: unix.EAGAIN},
		{name: "write", call: func() (int, error) { return Write(a, []byte("hello")) }, n: 5},
		{name: "read", call: func() (int, error) { return Read(b, buf) }, n: 5},
		{name: "write nothing", call: func() (int, error) { return Write(a, nil) }, n: 0},
		{name: "read bad fd", call: func() (int, error) { return Read(-1, buf) }, n: -1, errno: unix.EBADF},
	}
	for _, tc := range tests {
		n, err := tc.call()
		if n != tc.n || err != tc.errno {
			t.Errorf("%s = %d, %v; want %d, %v", tc.name, n, err, tc.n, tc.errno)
		}
	}
	if string(buf[:5]) != "hello" {
		t.Errorf("read %q, want hello", buf[:5])
	}
}

// TestAccept4: an empty backlog is EAGAIN; a waiting connection comes
// back as a new fd with the flags asked for.
func TestAccept4(t *testing.T) {
	lfd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(lfd)
	if err := unix.Bind(lfd, &unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}); err != nil {
		t.Fatal(err)
	}
	if err := unix.Listen(lfd, 4); err != nil {
		t.Fatal(err)
	}
	const flags = unix.SOCK_NONBLOCK | unix.SOCK_CLOEXEC
	if fd, err := Accept4(lfd, flags); fd != -1 || err != unix.EAGAIN {
		t.Fatalf("Accept4 on an empty backlog = %d, %v; want -1, EAGAIN", fd, err)
	}
	sa, _ := unix.Getsockname(lfd)
	cfd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(cfd)
	if err := unix.Connect(cfd, sa); err != nil {
		t.Fatal(err)
	}
	fd, err := Accept4(lfd, flags)
	if err != nil {
		t.Fatalf("Accept4 = %d, %v", fd, err)
	}
	defer unix.Close(fd)
	if fl, err := unix.FcntlInt(uintptr(fd), unix.F_GETFL, 0); err != nil || fl&unix.O_NONBLOCK == 0 {
		t.Errorf("accepted fd flags %#x, %v; want O_NONBLOCK", fl, err)
	}
}

// TestEpollCtl: add, a second add (EEXIST), delete, and a delete of an
// unwatched fd (ENOENT).
func TestEpollCtl(t *testing.T) {
	ep, err := unix.EpollCreate1(unix.EPOLL_CLOEXEC)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(ep)
	a, _ := reactortest.SocketPair(t)
	ev := unix.EpollEvent{Events: unix.EPOLLIN, Fd: int32(a)}
	steps := []struct {
		op   int
		want error
	}{
		{unix.EPOLL_CTL_ADD, nil}, {unix.EPOLL_CTL_ADD, unix.EEXIST},
		{unix.EPOLL_CTL_DEL, nil}, {unix.EPOLL_CTL_DEL, unix.ENOENT},
	}
	for i, st := range steps {
		if err := EpollCtl(ep, st.op, a, &ev); !errors.Is(err, st.want) || (err == nil) != (st.want == nil) {
			t.Errorf("step %d: EpollCtl op %d = %v, want %v", i, st.op, err, st.want)
		}
	}
}

// TestNoAllocation: neither a successful call nor an errno allocates.
func TestNoAllocation(t *testing.T) {
	a, b := reactortest.SocketPair(t)
	msg, buf := []byte("x"), make([]byte, 4)
	allocs := testing.AllocsPerRun(100, func() {
		Write(a, msg)
		Read(b, buf)
		Read(b, buf) // EAGAIN
	})
	if allocs != 0 {
		t.Fatalf("%v allocations per round, want 0", allocs)
	}
}
