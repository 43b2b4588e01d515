package ctest

import (
	"encoding/json"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/muxbench/muxbench/internal/server"
	"github.com/muxbench/muxbench/internal/servertest"
)

// notCounted is what c_epoll reports unsupported: everything but waits,
// reads, writes, accepts, closes, refusals, bytes, pauses and open
// connections.
var notCounted = []string{"events_returned", "fds_scanned", "interest_changes", "ctl_syscalls",
	"read_eagain", "write_eagain", "accept_calls"}

func testEcho(t *testing.T, b build) {
	tests := []struct {
		name       string
		size       int
		maxPending int // 0: the default
	}{
		{name: "1B", size: 1},
		{name: "64B", size: 64},
		{name: "64KiB", size: 64 << 10},
		{name: "1MiB", size: 1 << 20},
		{name: "1MiB, max-pending 1000", size: 1 << 20, maxPending: 1000},
		{name: "1MiB, max-pending 1", size: 1 << 20, maxPending: 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var args []string
			if tc.maxPending > 0 {
				args = []string{"--max-pending", strconv.Itoa(tc.maxPending)}
			}
			srv := startControl(t, b, args...)
			c := servertest.Dial(t, srv.addr())
			msg := servertest.Pattern(tc.size, 1)
			wrote := servertest.WriteAsync(c, msg)
			servertest.ExpectEcho(t, c, msg)
			if err := <-wrote; err != nil {
				t.Fatalf("write: %v", err)
			}
			c.Close()
			got := srv.waitFor("the close to be counted", func(c server.Counters) bool { return c.Closes == 1 })
			checkEchoCounters(t, got, uint64(tc.size))
		})
	}
}

// checkEchoCounters checks the counters of a server that echoed total bytes
// to one connection, now closed.
func checkEchoCounters(t *testing.T, c server.Counters, total uint64) {
	t.Helper()
	if c.Accepts != 1 || c.Active != 0 || c.Refused != 0 || c.BytesIn != total || c.BytesOut != total {
		t.Errorf("counters accepts=%d active=%d refused=%d in=%d out=%d, want 1, 0, 0, %d, %d",
			c.Accepts, c.Active, c.Refused, c.BytesIn, c.BytesOut, total, total)
	}
	if c.Reads < 2 || c.Writes == 0 || c.WaitCalls == 0 {
		t.Errorf("counters reads=%d writes=%d waits=%d, want >= 2 (data and EOF), > 0, > 0", c.Reads, c.Writes, c.WaitCalls)
	}
}

// testResume makes the server pause a client that does not read (16 MiB
// is more than the socket buffers hold while it does not), then reads: the
// server must resume and echo everything, in order, whatever the limit.
// With a limit of 1, half of it is 0: only an empty queue can resume.
func testResume(t *testing.T, b build) {
	const size = 16 << 20
	for _, limit := range []int{1, 1000, server.DefaultMaxPending} {
		t.Run("max-pending "+strconv.Itoa(limit), func(t *testing.T) {
			srv := startControl(t, b, "--max-pending", strconv.Itoa(limit))
			c := servertest.Dial(t, srv.addr())
			msg := servertest.Pattern(size, 2)
			wrote := servertest.WriteAsync(c, msg)
			srv.waitFor("a backpressure pause", func(c server.Counters) bool { return c.BackpressurePauses > 0 })
			servertest.ExpectEcho(t, c, msg)
			if err := <-wrote; err != nil {
				t.Fatalf("write: %v", err)
			}
		})
	}
}

func testPipelined(t *testing.T, b build) {
	servertest.Pipelined(t, startControl(t, b).addr())
}

// testAddrs listens on two addresses: the hello lists them bound, in
// --addr order, and both echo.
func testAddrs(t *testing.T, b build) {
	srv := start(t, b, "--control", "--addr", "127.0.0.1:0, 127.0.0.2:0")
	addrs := srv.Addrs()
	if len(addrs) != 2 || !strings.HasPrefix(addrs[0], "127.0.0.1:") ||
		!strings.HasPrefix(addrs[1], "127.0.0.2:") || strings.HasSuffix(addrs[1], ":0") {
		t.Fatalf("hello addrs %q, want 127.0.0.1:PORT then 127.0.0.2:PORT, ports resolved", addrs)
	}
	if h := srv.Hello(); h.Pid != srv.PID() || h.Backend != "c_epoll" {
		t.Errorf("hello pid %d backend %q, want %d, c_epoll", h.Pid, h.Backend, srv.PID())
	}
	for i, addr := range addrs {
		c := servertest.Dial(t, addr)
		msg := servertest.Pattern(100, byte(i))
		if _, err := c.Write(msg); err != nil {
			t.Fatal(err)
		}
		servertest.ExpectEcho(t, c, msg)
	}
}

// testCountersLine checks the counters line has every server.Counters field
// and lists exactly the uncounted ones, each 0.
func testCountersLine(t *testing.T, b build) {
	srv := launchControl(t, b)
	srv.send("counters")
	line := srv.line()
	var fields map[string]any
	if err := json.Unmarshal([]byte(line), &fields); err != nil {
		t.Fatal(err)
	}
	typ := reflect.TypeFor[server.Counters]()
	for i := range typ.NumField() {
		name, _, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ",")
		if _, ok := fields[name]; !ok {
			t.Errorf("counters line lacks %q", name)
		}
	}
	got := srv.decode(line)
	if !slices.Equal(got.Unsupported, notCounted) {
		t.Errorf("unsupported = %q, want %q", got.Unsupported, notCounted)
	}
	for _, name := range got.Unsupported {
		if fields[name] != float64(0) {
			t.Errorf("unsupported %s = %v, want 0", name, fields[name])
		}
	}
}
