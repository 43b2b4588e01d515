package main

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// TestEveryCommandHelp: every subcommand's -h lists its flags in the one
// style and exits 0, and `bench help CMD` prints the same.
func TestEveryCommandHelp(t *testing.T) {
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			_, help, code := execBench(t, name, "-h")
			if code != exitOK || !strings.HasPrefix(help, "usage: bench "+name+" ") || !strings.Contains(help, "\nflags:\n  -") ||
				!strings.Contains(help, commands[name].summary) {
				t.Fatalf("bench %s -h: exit %d, help:\n%s", name, code, help)
			}
			if _, viaHelp, code := execBench(t, "help", name); code != exitOK || viaHelp != help {
				t.Fatalf("bench help %s: exit %d, printed\n%s\nwant\n%s", name, code, viaHelp, help)
			}
		})
	}
}

func TestTopLevel(t *testing.T) {
	tests := []struct {
		args           []string
		code           int
		stdout, stderr string
	}{
		{args: []string{"--version"}, code: exitOK, stdout: "bench github.com/muxbench/muxbench"},
		{args: []string{"help"}, code: exitOK, stderr: "3  nothing to measure"},
		{args: nil, code: exitBadArgs, stderr: "commands:"},
		{args: []string{"nope"}, code: exitBadArgs, stderr: `bench: unknown command "nope"`},
		{args: []string{"help", "nope"}, code: exitBadArgs, stderr: `unknown command "nope"`},
	}
	for _, tc := range tests {
		stdout, stderr, code := execBench(t, tc.args...)
		if code != tc.code || !strings.Contains(stdout, tc.stdout) || !strings.Contains(stderr, tc.stderr) {
			t.Errorf("bench %v: exit %d, stdout %q, stderr %q; want exit %d, %q, %q", tc.args, code, stdout, stderr, tc.code, tc.stdout, tc.stderr)
		}
	}
}

// TestBadIdleStates: an --idle-states that is neither poll nor os is bad
// input: one line naming both, exit 2, nothing written.
func TestBadIdleStates(t *testing.T) {
	out := filepath.Join(t.TempDir(), "run")
	for _, args := range [][]string{{"run", "--profile", "smoke", "--idle-states", "halt", "--out", out}, {"crosscheck", "--idle-states", "halt"}} {
		_, stderr, code := execBench(t, args...)
		if code != exitBadArgs || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "want poll") {
			t.Errorf("bench %s: exit %d, stderr %q; want exit %d and one line", args[0], code, stderr, exitBadArgs)
		}
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("%s written for bad input (%v)", out, err)
	}
}

// TestBadMinPooled: a negative --min-pooled is bad input: one line saying
// what it wants, exit 2, nothing written.
func TestBadMinPooled(t *testing.T) {
	out := filepath.Join(t.TempDir(), "run")
	_, stderr, code := execBench(t, "run", "--profile", "smoke", "--min-pooled", "-1", "--out", out)
	if code != exitBadArgs || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "--min-pooled -1: want 0") {
		t.Errorf("exit %d, stderr %q; want exit %d and one line", code, stderr, exitBadArgs)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("%s written for bad input (%v)", out, err)
	}
}

// TestRunNothingToMeasure: a matrix whose every cell is n/a fails at once
// with one line saying why and what to ask for, exit 3, before any server
// child starts or any result is written.
func TestRunNothingToMeasure(t *testing.T) {
	out := filepath.Join(t.TempDir(), "run")
	_, stderr, code := execBench(t, "run", "--idle", "50000", "--out", out)
	if code != exitNothingMeasured || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "nothing to measure") || !strings.Contains(stderr, "--idle max") {
		t.Fatalf("exit %d, stderr %q; want exit %d and one line", code, stderr, exitNothingMeasured)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("%s written for a run that measured nothing (%v)", out, err)
	}
	if pids := serveChildren(t, bench(t)); len(pids) > 0 {
		t.Errorf("server children started: %v", pids)
	}
}
