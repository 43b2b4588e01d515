package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/muxbench/muxbench/internal/results"
	"github.com/muxbench/muxbench/internal/server"
)

// reportFixture is a synthetic run for the report and compare commands,
// not a measurement: poll and epoll_et at two idle counts, five trials
// (enough for compare's significance test).
func reportFixture(p99Scale, syscallsAdd float64) *results.Run {
	run := &results.Run{Schema: results.SchemaVersion, Label: "fixture",
		Config: results.RunConfig{Backends: []string{"poll", "epoll_et"}, Idle: []int{0, 1000}, Active: []int{1}, Modes: []string{"closed"}}}
	for _, b := range []string{"poll", "epoll_et"} {
		for _, idle := range []int{0, 1000} {
			c := results.Cell{CellKey: results.CellKey{Scenario: "echo", Backend: b, Idle: idle, Active: 1, Mode: "closed", MsgSize: 64, Handler: "echo"}}
			for i, f := range []float64{0.95, 0.98, 1, 1.02, 1.05} {
				p99 := 20 * f
				if b == "poll" && idle == 1000 {
					p99 *= p99Scale
				}
				sys := 3 + syscallsAdd
				loop := server.Counters{WaitCalls: 1000, Reads: 1000, Writes: 1000 + uint64(syscallsAdd*1000)}
				c.Trials = append(c.Trials, results.Trial{Index: i + 1, Metrics: results.Metrics{Requests: 1000, ReqPerSec: 1e6 / p99,
					Latency: results.Latency{P50: p99 / 2, P99: p99}, ServerCPUUsPerReq: p99 / 4, SyscallsPerReq: &sys, Backend: loop}})
			}
			run.Cells = append(run.Cells, c)
		}
	}
	return run
}

func writeRun(t *testing.T, dir string, run *results.Run) string {
	t.Helper()
	b, err := run.Encode()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "run.json")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestCompareExitCodes(t *testing.T) {
	tmp := t.TempDir()
	base := writeRun(t, filepath.Join(tmp, "base"), reportFixture(1, 0))
	slow := writeRun(t, filepath.Join(tmp, "slow"), reportFixture(2, 0))
	chatty := writeRun(t, filepath.Join(tmp, "chatty"), reportFixture(1, 1))
	garbage := filepath.Join(tmp, "garbage.json")
	if err := os.WriteFile(garbage, []byte("{"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr []string
		stdout string
	}{
		{name: "itself", args: []string{base, base}, code: exitOK, stdout: "0 regression(s)"},
		{name: "p99 doubled", args: []string{base, slow}, code: exitFailed, stderr: []string{"echo/poll/idle=1000/active=1/closed", "p99_us"}},
		{name: "p99 doubled, counts only", args: []string{"--deterministic-only", base, slow}, code: exitOK},
		{name: "syscalls +1", args: []string{base, chatty, "--deterministic-only"}, code: exitFailed,
			stderr: []string{"4 regression(s): loop_syscalls_per_req in 4 cell(s); the first: echo/poll/idle=0/active=1/closed: loop_syscalls_per_req 3.00 → 4.00"}},
		{name: "benchstat", args: []string{"--format", "benchstat", base, base}, code: exitOK,
			stdout: "run: new\n\nBenchmarkEcho/backend=poll/idle=0/active=1/mode=closed/msg=64 1000 "},
		{name: "benchstat, regression", args: []string{"--format", "benchstat", base, slow}, code: exitFailed,
			stderr: []string{"p99_us in 1 cell(s)", "--format markdown lists them all"}, stdout: "# OLD then NEW; save this output as FILE, then: benchstat -col run FILE\n"},
		{name: "bad file", args: []string{base, garbage}, code: exitBadArgs, stderr: []string{"not a muxbench run.json"}},
		{name: "missing file", args: []string{base, filepath.Join(tmp, "nope.json")}, code: exitBadArgs, stderr: []string{"nope.json"}},
		{name: "one file", args: []string{base}, code: exitBadArgs, stderr: []string{"want OLD.json NEW.json"}},
		{name: "bad threshold", args: []string{"--threshold", "x%", base, base}, code: exitBadArgs, stderr: []string{"--threshold"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := runCompare(tc.args, &stdout, &stderr); code != tc.code {
				t.Fatalf("exit %d, want %d; stderr %s", code, tc.code, stderr.String())
			}
			for _, want := range tc.stderr {
				if !strings.Contains(stderr.String(), want) {
					t.Errorf("stderr %q lacks %q", stderr.String(), want)
				}
			}
			if tc.code != exitOK && strings.Count(strings.TrimSpace(stderr.String()), "\n") != 0 {
				t.Errorf("a failure must give one line, got %q", stderr.String())
			}
			if !strings.Contains(stdout.String(), tc.stdout) {
				t.Errorf("stdout lacks %q:\n%s", tc.stdout, stdout.String())
			}
		})
	}
}

func TestReportCommand(t *testing.T) {
	tmp := t.TempDir()
	dir := filepath.Join(tmp, "results", "run1")
	writeRun(t, dir, reportFixture(3, 0))
	readme := filepath.Join(tmp, "results", "README.md")
	var stdout, stderr bytes.Buffer
	args := []string{"--publish", "--readme", readme, "--semantics", filepath.Join(tmp, "none.md"), dir}
	if code := runReport(args, &stdout, &stderr); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	for _, f := range []string{filepath.Join(dir, "summary.md"), filepath.Join(dir, "cells.csv"), filepath.Join(dir, "plots", "echo-closed-active1.png"), readme} {
		if st, err := os.Stat(f); err != nil || st.Size() == 0 {
			t.Errorf("%s missing or empty: %v", f, err)
		}
	}
	b, _ := os.ReadFile(readme)
	for _, want := range []string{"run1/plots/echo-closed-active1.png", "This run has no crossover search", "| poll | 1      | closed | CPU/req |", "make bench", "semantics.md` was not found"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("README lacks %q", want)
		}
	}
	if code := runReport([]string{filepath.Join(tmp, "empty")}, &stdout, &stderr); code != exitBadArgs {
		t.Errorf("missing run.json: exit %d, want %d", code, exitBadArgs)
	}
}
