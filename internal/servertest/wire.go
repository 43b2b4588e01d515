package servertest

import (
	"net"
	"testing"
)

// The suite's client side, for suites that drive a server this package
// cannot start in its own process (servers/c_epoll/ctest runs the C floor
// as a child): the same payloads, dials and checks as the conformance
// suite's, so both hold every backend to one standard.

// Pattern returns n bytes that differ by seed and position, so a dropped,
// duplicated or reordered chunk shows up as a mismatch.
func Pattern(n int, seed byte) []byte { return pattern(n, seed) }

// Dial connects to addr with the suite's deadline set on the connection;
// Cleanup closes it.
func Dial(t *testing.T, addr string) *net.TCPConn {
	t.Helper()
	return dial(t, addr)
}

// WriteAsync writes p on c from a goroutine; the channel receives the
// result, so a large echo can be read while it is sent.
func WriteAsync(c net.Conn, p []byte) <-chan error { return writeAsync(c, p) }

// ExpectEcho reads len(want) bytes from c and compares them.
func ExpectEcho(t *testing.T, c net.Conn, want []byte) {
	t.Helper()
	expectEcho(t, c, want)
}

// Pipelined sends 1,000 requests to the echo server at addr before reading
// any reply, then checks every reply in order.
func Pipelined(t *testing.T, addr string) {
	t.Helper()
	c := dial(t, addr)
	const requests, size = 1000, 64
	var all []byte
	for i := range requests {
		all = append(all, pattern(size, byte(i))...)
	}
	for off := 0; off < len(all); off += 4 * size {
		if _, err := c.Write(all[off : off+4*size]); err != nil {
			t.Fatalf("write: %v", err)
		}
	}
	expectEcho(t, c, all)
}
