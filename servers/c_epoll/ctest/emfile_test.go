package ctest

import (
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/muxbench/muxbench/internal/server"
	"github.com/muxbench/muxbench/internal/servertest"
)

// testEMFILE lowers the child's open-files limit to room for three
// connections: the rest must be accepted and closed at once (refused,
// counted) without the server spinning or stopping, and once the three
// leave, new connections must be served again.
func testEMFILE(t *testing.T, b build) {
	const room, extra = 3, 5
	srv := startControl(t, b)
	limit := uint64(lowestFreeFd(t, srv.PID()) + room)
	lim := unix.Rlimit{Cur: limit, Max: limit}
	if err := unix.Prlimit(srv.PID(), unix.RLIMIT_NOFILE, &lim, nil); err != nil {
		t.Fatalf("prlimit: %v", err)
	}
	var served []int
	var open []*net.TCPConn
	for i := range room + extra {
		c, ok := echoOrRefused(t, srv, i)
		open = append(open, c)
		if ok {
			served = append(served, i)
		}
	}
	got := srv.counters()
	if len(served) != room || got.Accepts != room+extra || got.Refused != extra || got.Active != room {
		t.Fatalf("served %v; counters accepts=%d refused=%d active=%d, want %d served, %d, %d, %d",
			served, got.Accepts, got.Refused, got.Active, room, room+extra, extra, room)
	}
	for _, c := range open {
		c.Close()
	}
	srv.waitFor("every close", func(c server.Counters) bool { return c.Active == 0 })
	for i := range room {
		if _, ok := echoOrRefused(t, srv, 100+i); !ok {
			t.Fatalf("connection %d refused after the first ones left", i)
		}
	}
}

// echoOrRefused opens a connection and echoes on it; it reports whether it
// was served, failing the test on any outcome but an echo or a refusal.
// The connection is left open.
func echoOrRefused(t *testing.T, srv *child, i int) (*net.TCPConn, bool) {
	t.Helper()
	c := servertest.Dial(t, srv.addr())
	msg := servertest.Pattern(64, byte(i))
	if _, err := c.Write(msg); err != nil {
		if refused(err) {
			return c, false
		}
		t.Fatalf("connection %d: write: %v", i, err)
	}
	got := make([]byte, len(msg))
	_, err := io.ReadFull(c, got)
	switch {
	case err == nil && string(got) == string(msg):
		return c, true
	case err != nil && refused(err):
		return c, false
	}
	t.Fatalf("connection %d: neither an echo nor a refusal: %v", i, err)
	return c, false
}

// lowestFreeFd is the number the next fd of process pid takes. Fds above
// it (inherited ones, say) do not count against a limit set above it.
func lowestFreeFd(t *testing.T, pid int) int {
	t.Helper()
	entries, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid))
	if err != nil {
		t.Fatal(err)
	}
	open := map[int]bool{}
	for _, e := range entries {
		if fd, err := strconv.Atoi(e.Name()); err == nil {
			open[fd] = true
		}
	}
	fd := 0
	for open[fd] {
		fd++
	}
	return fd
}
