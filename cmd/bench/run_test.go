package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/muxbench/muxbench/internal/idlestate"
	"github.com/muxbench/muxbench/internal/reactor"
	"github.com/muxbench/muxbench/internal/registry"
	"github.com/muxbench/muxbench/internal/results"
)

// runTimeout bounds one `bench run` child; the smoke profile takes ~20 s.
const runTimeout = 90 * time.Second

// rawBackends count their own syscalls exactly; at one active connection in
// a closed loop each request costs one wait, one read and one write.
var rawBackends = []string{"select", "poll", "epoll_lt", "epoll_et"}

// TestRunSmoke runs the smoke profile and checks what does not depend on
// timing: every cell ran or says why not, nothing failed verification, the
// syscall split is the one the code implies, the files are there, and one
// gross ratio (poll scans 5,000 idle fds per wakeup, epoll_et none).
func TestRunSmoke(t *testing.T) {
	out := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), runTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bench(t), "run", "--profile", "smoke", "--out", out)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("bench run: %v\n%s", err, b)
	}
	run, err := results.Read(filepath.Join(out, "run.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"summary.md", "cells.csv"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Error(err)
		}
	}
	for _, c := range run.Cells {
		checkCell(t, out, run, c)
	}
	checkRatio(t, run, 5000, 5)
	checkIdleStates(t, run.Machine.IdleStates)
}

// checkIdleStates: a run holds the CPUs' idle loops polling by default,
// where it may (root), and says so in run.json, or that they halt where no
// cpuidle state polls; elsewhere it says why not.
func checkIdleStates(t *testing.T, states string) {
	t.Helper()
	f, err := os.OpenFile(idlestate.QoSDevice, os.O_WRONLY, 0)
	if err == nil {
		f.Close()
	}
	want := "polling"
	if !idlestate.Polls(idlestate.SysfsCPU) {
		want = "halting"
	}
	if err != nil {
		want = "cpu idle states left to the OS"
	}
	if !strings.HasPrefix(states, want) {
		t.Errorf("run.json idle states %q, want it to start %q", states, want)
	}
}

func checkCell(t *testing.T, dir string, run *results.Run, c results.Cell) {
	t.Helper()
	if c.NA != "" {
		if len(c.Trials) != 0 {
			t.Errorf("%s: n/a (%s) but has trials", c.CellKey, c.NA)
		}
		if !expectedNA(c) {
			t.Errorf("%s: unexpected n/a: %s", c.CellKey, c.NA)
		}
		return
	}
	if want := run.Config.Trials + run.Config.CountedTrials; len(c.Trials) != want {
		t.Errorf("%s: %d trials, want %d", c.CellKey, len(c.Trials), want)
	}
	counted, numbers := 0, []int{}
	for _, tr := range c.Trials {
		if tr.Counted {
			counted++
		}
		numbers = append(numbers, tr.Index)
		if want := fmt.Sprintf("-t%d.hlog", tr.Index); !strings.HasSuffix(tr.Hlog, want) {
			t.Errorf("%s trial %d: hlog %q, want a name ending %q (one numbering)", c.CellKey, tr.Index, tr.Hlog, want)
		}
		for _, bad := range []string{"verify-errors", "server-exited", "server-refused", "error"} {
			if slices.Contains(tr.Flags, bad) {
				t.Errorf("%s trial %d: flag %s (%s)", c.CellKey, tr.Index, bad, tr.Error)
			}
		}
		if _, err := os.Stat(filepath.Join(dir, tr.Hlog)); tr.Hlog == "" || err != nil {
			t.Errorf("%s trial %d: hlog %q: %v", c.CellKey, tr.Index, tr.Hlog, err)
		}
		checkSyscalls(t, run, c, tr)
	}
	slices.Sort(numbers)
	if len(numbers) > 0 && (numbers[0] != 1 || numbers[len(numbers)-1] != len(numbers)) {
		t.Errorf("%s: trials numbered %v, want 1 to %d", c.CellKey, numbers, len(numbers))
	}
	if counted != run.Config.CountedTrials {
		t.Errorf("%s: %d counted trials, want %d", c.CellKey, counted, run.Config.CountedTrials)
	}
}

// expectedNA: select above FD_SETSIZE, and the reference floor (c_epoll)
// beyond the smoke profile's reference idle counts or when it could not be
// built.
func expectedNA(c results.Cell) bool {
	b := registry.MustLookup(c.Backend)
	return c.Backend == "select" && c.Idle >= 1000 ||
		b.Reference() && (c.Idle > 1000 || c.NA == b.Unavailable())
}

// checkSyscalls bounds the raw backends' calls per request at one active
// connection: exactly one wait, read and write each, give or take the
// requests in flight at the window's edges and the rare EINTR, and one
// wait more for each stretch the loop spent idle past reactor.RawWaitMax
// (at most one per RawWaitMax of the window; a loaded machine makes
// them). Every counted trial has a figure; timed trials of the raw
// backends have their own counters' figure, netpoll's timed trials none.
func checkSyscalls(t *testing.T, run *results.Run, c results.Cell, tr results.Trial) {
	t.Helper()
	m := tr.Metrics
	if m.SyscallsPerReq == nil && !tr.Counted && !slices.Contains(rawBackends, c.Backend) {
		return
	}
	if m.SyscallsPerReq == nil {
		t.Errorf("%s: no syscall figure: %s", c.CellKey, m.SyscallsNA)
		return
	}
	if !slices.Contains(rawBackends, c.Backend) || c.Active != 1 || c.Mode != "closed" {
		return
	}
	wait := 0.0
	for _, name := range []string{"select", "pselect6", "poll", "ppoll", "epoll_wait", "epoll_pwait", "wait"} {
		wait += m.SyscallsByName[name]
	}
	reqs := float64(m.Requests)
	idleWaits := map[string]float64{"wait": m.WindowSec / reactor.RawWaitMax.Seconds()}
	for name, v := range map[string]float64{"wait": wait, "read": m.SyscallsByName["read"], "write": m.SyscallsByName["write"]} {
		if calls := v * reqs; calls < reqs-2-0.02*reqs || calls > reqs+2+0.02*reqs+idleWaits[name] {
			t.Errorf("%s: %.0f %s calls for %.0f requests, want one each (source %s)", c.CellKey, calls, name, reqs, m.SyscallsSource)
		}
	}
	// The same window-edge slack as above, for the three calls together.
	if calls := *m.SyscallsPerReq * reqs; calls < 3*reqs-6-0.02*3*reqs {
		t.Errorf("%s: %.3f syscalls per request, fewer than wait+read+write", c.CellKey, *m.SyscallsPerReq)
	}
}

// checkRatio asserts poll's median server CPU per request at idle is at
// least factor times epoll_et's.
func checkRatio(t *testing.T, run *results.Run, idle int, factor float64) {
	t.Helper()
	cpu := map[string]float64{}
	for _, c := range run.Cells {
		if c.Idle != idle || c.Active != 1 || c.Mode != "closed" || len(c.Trials) == 0 {
			continue
		}
		var v []float64
		for _, tr := range c.Trials {
			if !tr.Counted && tr.Valid() {
				v = append(v, tr.Metrics.ServerCPUUsPerReq)
			}
		}
		if len(v) > 0 {
			slices.Sort(v)
			cpu[c.Backend] = v[len(v)/2]
		}
	}
	if cpu["poll"] == 0 || cpu["epoll_et"] == 0 {
		// Only a trial that tripped a gate (cpu-contended on a loaded
		// machine, say) is missing; the report says so, and a ratio of
		// flagged figures would assert nothing.
		t.Logf("no valid timed poll/epoll_et trial at %d idle (%v): ratio not checked", idle, cpu)
		return
	}
	if cpu["poll"] < factor*cpu["epoll_et"] {
		t.Errorf("at %d idle poll costs %.1f µs/request, epoll_et %.1f: want at least %g×", idle, cpu["poll"], cpu["epoll_et"], factor)
	}
}

// TestRunInterrupted sends SIGINT or SIGTERM once the first cell has
// finished: bench run must exit non-zero, write run.json marked interrupted
// with the cells measured so far, and leave no server child behind.
func TestRunInterrupted(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) { interruptRun(t, sig) })
	}
}

func interruptRun(t *testing.T, sig syscall.Signal) {
	out := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), runTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bench(t), "run", "--profile", "smoke", "--no-report", "--out", out)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(stderr)
	for sc.Scan() && !strings.HasPrefix(sc.Text(), "[1/") {
	}
	if err := cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	for sc.Scan() {
	}
	var exit *exec.ExitError
	if err := cmd.Wait(); !errors.As(err, &exit) || exit.ExitCode() != exitFailed {
		t.Fatalf("bench run after %v: %v, want exit status %d", sig, err, exitFailed)
	}
	run, err := results.Read(filepath.Join(out, "run.json"))
	if err != nil {
		t.Fatal(err)
	}
	if run.Interrupted == "" {
		t.Error("run.json not marked interrupted")
	}
	measured := 0
	for _, c := range run.Cells {
		measured += len(c.Trials)
	}
	if measured == 0 || measured == len(run.Cells) {
		t.Errorf("%d of %d cells measured; want some but not all", measured, len(run.Cells))
	}
	if pids := serveChildren(t, bench(t)); len(pids) > 0 {
		t.Errorf("server children left running: %v", pids)
	}
}

// serveChildren lists live `bench serve` processes of the binary at exe.
func serveChildren(t *testing.T, exe string) []string {
	t.Helper()
	procs, err := filepath.Glob("/proc/[0-9]*")
	if err != nil {
		t.Fatal(err)
	}
	var pids []string
	for _, p := range procs {
		target, err := os.Readlink(filepath.Join(p, "exe"))
		if err != nil || target != exe {
			continue
		}
		cmdline, _ := os.ReadFile(filepath.Join(p, "cmdline"))
		if strings.Contains(string(cmdline), "--control") {
			pids = append(pids, filepath.Base(p))
		}
	}
	return pids
}
