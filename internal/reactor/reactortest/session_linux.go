package reactortest

import (
	"testing"

	"github.com/muxbench/muxbench/internal/server"
	"golang.org/x/sys/unix"
)

// Session is a warmed-up echo client on a running backend, for a backend
// whose steady-state figures differ from SteadyState's (io_uring counts
// io_uring_enter calls, not waits, reads and writes) and that asserts its
// own.
type Session struct {
	Server server.Server
	c      *client
}

// StartEcho runs newServer on 127.0.0.1:0 until the test ends, connects one
// blocking raw client and warms the connection up.
func StartEcho(tb testing.TB, newServer NewServer) *Session {
	tb.Helper()
	srv := Start(tb, newServer)
	c := dial(tb, srv.Addrs()[0])
	if err := c.run(warmUp); err != nil {
		tb.Fatal(err)
	}
	return &Session{Server: srv, c: c}
}

// RoundTrips makes n 64 B echo round trips; it allocates only on failure.
func (s *Session) RoundTrips(n int) error { return s.c.run(n) }

// RequestSize is the size of one request (and its echo).
const RequestSize = requestSize

// SocketPair returns a connected non-blocking, close-on-exec unix stream
// socket pair, both ends closed with tb: what the poller and syscall tests
// run on instead of TCP.
func SocketPair(tb testing.TB) (a, b int) {
	tb.Helper()
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		tb.Fatalf("socketpair: %v", err)
	}
	tb.Cleanup(func() { unix.Close(fds[0]); unix.Close(fds[1]) })
	return fds[0], fds[1]
}
