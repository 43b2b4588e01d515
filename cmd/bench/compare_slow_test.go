package main

import (
	"bytes"
	"context"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/muxbench/muxbench/internal/analysis"
	"github.com/muxbench/muxbench/internal/results"
)

// shortRun runs a few short trials of epoll_et at 0 idle, 1 active, with
// throttle (when set) holding back its server children while it runs, and
// returns the path of its run.json.
func shortRun(t *testing.T, name string, throttle func(ctx context.Context)) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), name)
	ctx, cancel := context.WithTimeout(context.Background(), runTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bench(t), "run", "--profile", "smoke", "--backends", "epoll_et", "--idle", "0",
		"--active", "1", "--mode", "closed", "--trials", "12", "--duration", "150ms", "--warmup", "50ms",
		"--no-syscall-count", "--no-report", "--out", out)
	if throttle != nil {
		tctx, stop := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() { defer close(done); throttle(tctx) }()
		defer func() { stop(); <-done }()
	}
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("bench run: %v\n%s", err, b)
	}
	return filepath.Join(out, "run.json")
}

// throttler starves the test's server children of CPU as a cgroup quota
// would: stopped for 2 ms of every 3 ms until ctx ends, then resumed.
func throttler(t *testing.T) func(ctx context.Context) {
	exe := bench(t)
	return func(ctx context.Context) {
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		var pids []int
		defer func() { signalAll(pids, syscall.SIGCONT) }()
		for phase := 0; ctx.Err() == nil; phase = (phase + 1) % 3 {
			switch phase {
			case 0:
				pids = pidsOf(serveChildren(t, exe))
				signalAll(pids, syscall.SIGSTOP)
			case 2:
				signalAll(pids, syscall.SIGCONT)
			}
			select {
			case <-ctx.Done():
			case <-tick.C:
			}
		}
	}
}

func pidsOf(s []string) []int {
	var out []int
	for _, p := range s {
		if n, err := strconv.Atoi(p); err == nil {
			out = append(out, n)
		}
	}
	return out
}

func signalAll(pids []int, sig syscall.Signal) {
	for _, p := range pids {
		syscall.Kill(p, sig)
	}
}

// validTrials counts a run's valid timed trials in its one cell.
func validTrials(t *testing.T, path string) int {
	t.Helper()
	run, err := results.Read(path)
	if err != nil {
		t.Fatal(err)
	}
	return analysis.Summarize(run.Cells[0]).Valid
}

// TestCompareSlowedServer: bench compare of a real run against itself
// finds no significant change and exits 0; against a run whose server was
// throttled it names the cell and the metric and exits 1. Only the
// direction of a large change is checked, no absolute figure.
func TestCompareSlowedServer(t *testing.T) {
	base := shortRun(t, "base", nil)
	slow := shortRun(t, "slow", throttler(t))
	for _, p := range []string{base, slow} {
		if n := validTrials(t, p); n < analysis.MinTrials() {
			t.Skipf("%s: %d valid trials, fewer than the %d a comparison needs: the gates flagged the rest (a contended machine)", p, n, analysis.MinTrials())
		}
	}
	var stdout, stderr bytes.Buffer
	if code := runCompare([]string{base, base}, &stdout, &stderr); code != exitOK || !strings.Contains(stdout.String(), "0 regression(s)") {
		t.Fatalf("a run against itself: exit %d, stderr %s\n%s", code, stderr.String(), stdout.String())
	}
	if strings.Contains(stdout.String(), "REGRESSION") || strings.Contains(stdout.String(), "improvement") {
		t.Errorf("a run against itself reports a change:\n%s", stdout.String())
	}
	stdout.Reset()
	code := runCompare([]string{base, slow}, &stdout, &stderr)
	if code != exitFailed {
		t.Fatalf("against the throttled run: exit %d, want %d\n%s", code, exitFailed, stdout.String())
	}
	for _, want := range []string{"echo/epoll_et/idle=0/active=1/closed", "p99_us"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr %q does not name %q", stderr.String(), want)
		}
	}
}
