package reactor

import (
	"fmt"
	"net"

	"golang.org/x/sys/unix"
)

// listenBacklog is asked of listen(2); the kernel caps it at somaxconn. A
// large backlog keeps a burst of connects (an idle fleet opening) from being
// dropped while the loop is busy.
const listenBacklog = 65535

// listenTCP opens a non-blocking, close-on-exec listening socket on addr
// ("host:port"; an empty host means all IPv4 addresses) and returns its fd
// and the address it is bound to.
func listenTCP(addr string) (int, *net.TCPAddr, error) {
	ta, err := net.ResolveTCPAddr("tcp", addr)
	if err != nil {
		return -1, nil, fmt.Errorf("bad listen address %q: %w", addr, err)
	}
	family, sa, err := sockaddrOf(ta)
	if err != nil {
		return -1, nil, fmt.Errorf("listen %s: %w", addr, err)
	}
	fd, err := unix.Socket(family, unix.SOCK_STREAM|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return -1, nil, sysErr("socket", err)
	}
	bound, err := bindListen(fd, sa)
	if err != nil {
		unix.Close(fd)
		return -1, nil, fmt.Errorf("listen %s: %w", addr, err)
	}
	return fd, bound, nil
}

func bindListen(fd int, sa unix.Sockaddr) (*net.TCPAddr, error) {
	if err := unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_REUSEADDR, 1); err != nil {
		return nil, sysErr("setsockopt", err)
	}
	if err := unix.Bind(fd, sa); err != nil {
		return nil, sysErr("bind", err)
	}
	if err := unix.Listen(fd, listenBacklog); err != nil {
		return nil, sysErr("listen", err)
	}
	got, err := unix.Getsockname(fd)
	if err != nil {
		return nil, sysErr("getsockname", err)
	}
	return tcpAddrOf(got), nil
}

func sockaddrOf(ta *net.TCPAddr) (int, unix.Sockaddr, error) {
	if ta.IP == nil || ta.IP.To4() != nil {
		sa := &unix.SockaddrInet4{Port: ta.Port}
		if ta.IP != nil {
			copy(sa.Addr[:], ta.IP.To4())
		}
		return unix.AF_INET, sa, nil
	}
	if ta.IP.To16() == nil {
		return 0, nil, fmt.Errorf("unsupported address %v", ta.IP)
	}
	sa := &unix.SockaddrInet6{Port: ta.Port}
	copy(sa.Addr[:], ta.IP.To16())
	return unix.AF_INET6, sa, nil
}

func tcpAddrOf(sa unix.Sockaddr) *net.TCPAddr {
	switch a := sa.(type) {
	case *unix.SockaddrInet4:
		return &net.TCPAddr{IP: net.IP(append([]byte(nil), a.Addr[:]...)), Port: a.Port}
	case *unix.SockaddrInet6:
		return &net.TCPAddr{IP: net.IP(append([]byte(nil), a.Addr[:]...)), Port: a.Port}
	}
	return &net.TCPAddr{}
}
