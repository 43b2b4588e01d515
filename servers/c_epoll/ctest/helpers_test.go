package ctest

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"testing"

	"github.com/muxbench/muxbench/internal/procstat"
)

// writeThenShut writes p on c from a goroutine, then shuts c's write side
// down, so a large echo can be read while it is sent.
func writeThenShut(c *net.TCPConn, p []byte) <-chan error {
	done := make(chan error, 1)
	go func() {
		_, err := c.Write(p)
		if err == nil {
			err = c.CloseWrite()
		}
		done <- err
	}()
	return done
}

// expectEOF asserts the server closed c after its last reply.
func expectEOF(t *testing.T, c net.Conn) {
	t.Helper()
	var one [1]byte
	if n, err := c.Read(one[:]); n != 0 || err != io.EOF {
		t.Fatalf("read after the echo = %d, %v; want 0, EOF", n, err)
	}
}

// fdCount counts the open fds of process pid.
func fdCount(t *testing.T, pid int) int {
	t.Helper()
	entries, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid))
	if err != nil {
		t.Fatalf("reading the fds of %d: %v", pid, err)
	}
	return len(entries)
}

// status returns one field of /proc/PID/status, e.g. "VmRSS".
func status(t *testing.T, pid int, field string) string {
	t.Helper()
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if name, value, ok := strings.Cut(sc.Text(), ":"); ok && name == field {
			return strings.TrimSpace(value)
		}
	}
	t.Fatalf("/proc/%d/status has no %s", pid, field)
	return ""
}

// rssBytes is the resident set of process pid (VmRSS, read by procstat).
func rssBytes(t *testing.T, pid int) int64 {
	t.Helper()
	s, err := procstat.Read(pid)
	if err != nil {
		t.Fatalf("reading /proc of %d: %v", pid, err)
	}
	return int64(s.RSSBytes)
}
