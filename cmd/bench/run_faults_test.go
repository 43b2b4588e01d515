package main

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/muxbench/muxbench/internal/affinity"
	"github.com/muxbench/muxbench/internal/benchrun"
	"github.com/muxbench/muxbench/internal/results"
)

// faultRunTimeout bounds one in-process run of the fault tests.
const faultRunTimeout = 30 * time.Second

// runInProcess runs a small matrix of epoll_et cells (closed loop, no
// syscall counting, no warm-up) in this process with the given window
// hooks, restoring the test process's CPU affinity afterwards (bench run
// pins its generator). It returns the run as read back from run.json.
func runInProcess(t *testing.T, idle, active []int, window time.Duration, start, end func(int, results.CellKey)) (*results.Run, error) {
	t.Helper()
	var saved unix.CPUSet
	if err := unix.SchedGetaffinity(0, &saved); err != nil {
		t.Fatal(err)
	}
	defer affinity.PinSet(&saved)
	p, err := benchrun.LookupProfile("smoke")
	if err != nil {
		t.Fatal(err)
	}
	p.Backends, p.Idle, p.Active, p.Modes = []string{"epoll_et"}, idle, active, []string{"closed"}
	p.Trials, p.Duration, p.Warmup = 1, window, 0
	out := t.TempDir()
	opts := benchrun.Options{Profile: p, Handler: "echo", OutDir: out, Label: "fault", Exe: bench(t),
		GoMaxProcs: 1, WindowStart: start, WindowEnd: end}
	ctx, cancel := context.WithTimeout(context.Background(), faultRunTimeout)
	defer cancel()
	_, runErr := benchrun.Run(ctx, opts)
	run, err := results.Read(filepath.Join(out, "run.json"))
	if err != nil {
		t.Fatalf("run.json after the run (run error %v): %v", runErr, err)
	}
	if pids := serveChildren(t, bench(t)); len(pids) > 0 {
		t.Errorf("server children left running: %v", pids)
	}
	return run, runErr
}

// onFirst calls f for the first window only.
func onFirst(f func(pid int)) func(int, results.CellKey) {
	var once sync.Once
	return func(pid int, _ results.CellKey) { once.Do(func() { f(pid) }) }
}

func onlyTrial(t *testing.T, run *results.Run, idle, active int) results.Trial {
	t.Helper()
	for _, c := range run.Cells {
		if c.Idle == idle && c.Active == active {
			if len(c.Trials) != 1 {
				t.Fatalf("%s: %d trials, want 1", c.CellKey, len(c.Trials))
			}
			return c.Trials[0]
		}
	}
	t.Fatalf("no cell idle=%d active=%d in run.json", idle, active)
	return results.Trial{}
}

// TestRunServerKilled: SIGKILL to the server child in the first cell's
// window fails that trial with the reason, and the matrix goes on: the
// next cell (a fresh child) is measured, both are in run.json, and the
// exit policy counts the failed trial.
func TestRunServerKilled(t *testing.T) {
	kill := onFirst(func(pid int) { syscall.Kill(pid, syscall.SIGKILL) })
	run, err := runInProcess(t, []int{0, 10}, []int{1}, 300*time.Millisecond, kill, nil)
	if err != nil {
		t.Fatalf("run stopped: %v", err)
	}
	dead := onlyTrial(t, run, 0, 1)
	if !slices.Contains(dead.Flags, "server-exited") || !strings.Contains(dead.Error, "exited") {
		t.Errorf("killed cell: flags %v, error %q; want server-exited and the reason", dead.Flags, dead.Error)
	}
	if next := onlyTrial(t, run, 10, 1); !measuredCleanly(next) {
		t.Errorf("cell after the kill: flags %v, error %q, %d requests; want a clean measurement", next.Flags, next.Error, next.Metrics.Requests)
	}
	if failed := benchrun.FailedTrials(run); len(failed) != 1 {
		t.Errorf("failed trials %v, want exactly the killed one", failed)
	}
}

// TestRunServerStopped: SIGSTOP for the first window makes its requests
// time out (counted, trial flagged); SIGCONT before the window's end
// snapshot lets the same child serve the next cell cleanly.
func TestRunServerStopped(t *testing.T) {
	var stopped int
	stop := onFirst(func(pid int) { stopped = pid; syscall.Kill(pid, syscall.SIGSTOP) })
	resume := onFirst(func(pid int) {
		if pid == stopped {
			syscall.Kill(pid, syscall.SIGCONT)
		}
	})
	// The window outlasts loadgen's 2 s request timeout and its next
	// timeout scan (every 0.5 s).
	run, err := runInProcess(t, []int{0}, []int{1, 2}, 3*time.Second, stop, resume)
	if err != nil {
		t.Fatalf("run stopped: %v", err)
	}
	hung := onlyTrial(t, run, 0, 1)
	if hung.Metrics.Errors["timeout"] == 0 || !slices.Contains(hung.Flags, "errors") {
		t.Errorf("stopped cell: errors %v, flags %v (%d requests, max latency %.0f µs, pid %d); want timeouts counted and the trial flagged",
			hung.Metrics.Errors, hung.Flags, hung.Metrics.Requests, hung.Metrics.Latency.Max, stopped)
	}
	if slices.Contains(hung.Flags, "server-exited") {
		t.Errorf("stopped cell: flags %v; the server was stopped, not dead", hung.Flags)
	}
	if next := onlyTrial(t, run, 0, 2); !measuredCleanly(next) {
		t.Errorf("cell after SIGCONT: flags %v, error %q, %d requests; want recovery", next.Flags, next.Error, next.Metrics.Requests)
	}
	if failed := benchrun.FailedTrials(run); len(failed) != 0 {
		t.Errorf("failed trials %v: a stopped server is a flagged measurement, not a failure", failed)
	}
}

// measuredCleanly: requests served without errors. Quality gates may trip
// (under -race this test process is a slow generator: loadgen-bound).
func measuredCleanly(tr results.Trial) bool {
	for _, f := range []string{"errors", "error", "server-exited", "verify-errors"} {
		if slices.Contains(tr.Flags, f) {
			return false
		}
	}
	return tr.Metrics.Requests > 0
}

// TestFailedTrials is the exit policy: failures set the status, quality
// flags do not.
func TestFailedTrials(t *testing.T) {
	tests := []struct {
		name  string
		flags []string
		want  int
	}{
		{name: "clean", want: 0},
		{name: "quality flags", flags: []string{"loadgen-bound", "rate-short", "errors", "idle-short"}, want: 0},
		{name: "server exited", flags: []string{"errors", "server-exited", "error"}, want: 1},
		{name: "verify errors", flags: []string{"verify-errors"}, want: 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			run := &results.Run{Cells: []results.Cell{{Trials: []results.Trial{{Flags: tc.flags}, {}}}}}
			if got := benchrun.FailedTrials(run); len(got) != tc.want {
				t.Errorf("FailedTrials = %v, want %d", got, tc.want)
			}
		})
	}
}
