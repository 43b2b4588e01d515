package syscount

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"
)

// childEnv makes the test binary, re-executed, act as the counted child.
const childEnv = "SYSCOUNT_TEST_GETPPID"

// TestMain runs the child role: exactly N getppid calls, spread over a new
// thread too, so the count proves that threads created after the attach are
// counted. Only the getppid count is asserted: the Go runtime makes its own
// calls (futex, mmap, ...), which is exactly why the total is never asserted.
func TestMain(m *testing.M) {
	if v := os.Getenv(childEnv); v != "" {
		n, _ := strconv.Atoi(v)
		// The main goroutine keeps its thread, so the goroutine below runs
		// on another thread, one created after the counters were attached.
		runtime.LockOSThread()
		done := make(chan struct{})
		go func() {
			defer close(done)
			for i := 0; i < n/2; i++ {
				unix.Getppid()
			}
		}()
		<-done
		for i := 0; i < n-n/2; i++ {
			unix.Getppid()
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func TestStartCountsEveryThread(t *testing.T) {
	if err := Probe(); err != nil {
		t.Skipf("perf tracepoints unavailable: %v", err)
	}
	tests := []struct {
		name  string
		calls int
	}{
		{"none", 0},
		{"one", 1},
		{"thousand", 1000},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := countChild(t, tc.calls)
			if got.ByName["getppid"] != uint64(tc.calls) {
				t.Fatalf("getppid counted %d, want %d", got.ByName["getppid"], tc.calls)
			}
			if got.Total < got.ByName["getppid"]+got.ByName["futex"] {
				t.Fatalf("inconsistent totals: %+v", got)
			}
		})
	}
}

// countChild runs the child role with n calls and returns its final counts.
func countChild(t *testing.T, n int) Snapshot {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), fmt.Sprintf("%s=%d", childEnv, n))
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	c, err := Start(cmd, []string{"getppid", "futex"})
	if err != nil {
		if cmd.Process != nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
		t.Fatalf("Start: %v", err)
	}
	defer c.Close()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("child: %v", err)
	}
	s, err := c.Read()
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	return s
}

func TestStartWithoutExecutable(t *testing.T) {
	cmd := exec.Command("/nonexistent/muxbench-child")
	c, err := Start(cmd, nil)
	if err == nil || errors.Is(err, ErrUnavailable) || c != nil || cmd.Process != nil {
		t.Fatalf("Start of a missing binary: counter %v, err %v, process %v", c, err, cmd.Process)
	}
}

func TestSnapshotArithmetic(t *testing.T) {
	prev := Snapshot{Total: 10, ByName: map[string]uint64{"read": 2, "write": 3}}
	now := Snapshot{Total: 40, ByName: map[string]uint64{"read": 12, "write": 13}}
	d := now.Sub(prev)
	if d.Total != 30 || d.ByName["read"] != 10 || d.Other() != 10 {
		t.Fatalf("Sub = %+v", d)
	}
	total, by := d.PerOp(10)
	if total != 3 || by["read"] != 1 || by["write"] != 1 || by["other"] != 1 {
		t.Fatalf("PerOp = %v %v", total, by)
	}
	if total, by := d.PerOp(0); total != 0 || by != nil {
		t.Fatalf("PerOp(0) = %v %v", total, by)
	}
}

func TestHoldCountsNothing(t *testing.T) {
	if err := Probe(); err != nil {
		t.Skipf("perf tracepoints unavailable: %v", err)
	}
	h, err := Hold([]string{"getppid"})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	unix.Getppid()
	s, err := h.Read()
	if err != nil || s.Total != 0 || s.ByName["getppid"] != 0 {
		t.Fatalf("held counters counted: %+v, %v", s, err)
	}
	// Counting a child still works while the tracepoints are held.
	if got := countChild(t, 10); got.ByName["getppid"] != 10 {
		t.Fatalf("getppid counted %d under a hold, want 10", got.ByName["getppid"])
	}
}
