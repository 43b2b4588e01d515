package servertest

import (
	"fmt"
	"os"
	"testing"

	"github.com/muxbench/muxbench/internal/procstat"
	"github.com/muxbench/muxbench/internal/server"
)

// childServer is a server that runs in a process of its own (an External
// backend behind control.Proxy): its fds and memory are that process's.
type childServer interface{ PID() int }

// serverFds counts the open fds of the process that serves: this one, or
// an out-of-process backend's own.
func (hs *harness) serverFds(t *testing.T) int {
	t.Helper()
	c, ok := hs.srv.(childServer)
	if !ok {
		return countFds(t)
	}
	entries, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", c.PID()))
	if err != nil {
		t.Fatalf("counting the server's fds: %v", err)
	}
	return len(entries)
}

// serverMemory is the memory of the process that serves and what it is:
// this one's live heap after a collection, or an out-of-process backend's
// resident set.
func serverMemory(t *testing.T, srv server.Server) (int64, string) {
	t.Helper()
	c, ok := srv.(childServer)
	if !ok {
		return liveHeap(), "live heap"
	}
	s, err := procstat.Read(c.PID())
	if err != nil {
		t.Fatalf("reading the server's RSS: %v", err)
	}
	return int64(s.RSSBytes), "RSS"
}
