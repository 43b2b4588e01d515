package servertest

import (
	"os"
	"runtime"
	"testing"
	"time"
)

// countFds counts the open fds of the test process.
func countFds(t *testing.T) int {
	t.Helper()
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatalf("counting fds: %v", err)
	}
	return len(entries) - 1 // ReadDir's own fd
}

func numGoroutine() int { return runtime.NumGoroutine() }

// checkReleased waits, bounded, until the process holds no more fds and
// goroutines than before the server started: the server's goroutines may
// still be returning when Close does.
func checkReleased(t *testing.T, fds, goros int) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		nowFds, nowGoros := countFds(t), numGoroutine()
		if nowFds <= fds && nowGoros <= goros {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%v after Close: %d fds (was %d), %d goroutines (was %d)", timeout, nowFds, fds, nowGoros, goros)
		}
		time.Sleep(time.Millisecond)
	}
}
