package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/muxbench/muxbench/internal/results"
)

// TestCrossoverShort runs a tiny search (two sweep idle counts, a few
// seconds of budget) and checks what does not depend on timing: the
// search is recorded with both metrics, every trial it ran is in a probe
// cell of its own (paired with the rival, indices 1, 2, … per round), its
// flagged trials are counted, and the report shows the answer.
func TestCrossoverShort(t *testing.T) {
	out := filepath.Join(t.TempDir(), "xo")
	stdout, stderr, code := execBench(t, "crossover", "--backends", "epoll_et,poll", "--active", "1", "--idle", "0,100",
		"--trials", "4", "--duration", "80ms", "--warmup", "20ms", "--budget", "4s", "--seed", "7", "--no-syscall-count", "--out", out)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	run, err := results.Read(filepath.Join(out, "run.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(run.Crossovers) != 1 {
		t.Fatalf("%d searches recorded, want 1", len(run.Crossovers))
	}
	c := run.Crossovers[0]
	if c.Subject != "epoll_et" || c.Rival != "poll" || c.Seed != 7 || len(c.Metrics) != 2 || c.Metrics[0].Metric != "cpu_us_per_req" {
		t.Errorf("search %s vs %s, seed %d, %d metrics", c.Subject, c.Rival, c.Seed, len(c.Metrics))
	}
	trials, flagged := 0, 0
	for _, cell := range run.Cells {
		if !cell.IsCrossover() {
			continue
		}
		if cell.Rival == "" || cell.Rival == cell.Backend {
			t.Errorf("probe cell %s is not paired", cell.CellKey)
		}
		for i, tr := range cell.Trials {
			trials++
			if !tr.Valid() {
				flagged++
			}
			if tr.Index != i+1 || tr.Counted {
				t.Errorf("%s: trial %d has index %d, counted %v", cell.CellKey, i, tr.Index, tr.Counted)
			}
		}
	}
	if trials != c.Trials || flagged != c.Flagged || trials == 0 {
		t.Errorf("probe cells hold %d trials (%d flagged); the search recorded %d (%d flagged)", trials, flagged, c.Trials, c.Flagged)
	}
	if !strings.Contains(stdout, "The cost model") || !strings.Contains(stdout, "| poll |") {
		t.Errorf("the report lacks the answer:\n%s", stdout)
	}
}

func TestCrossoverBadArgs(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{args: []string{"--backends", "epoll_et"}, want: "want the subject and at least one rival"},
		{args: []string{"--metric", "syscalls_per_req"}, want: "counted by perf"},
		{args: []string{"--metric", "nope"}, want: `unknown metric "nope"`},
		{args: []string{"--margin", "x"}, want: "--margin"},
		{args: []string{"--backends", "epoll_et,nope"}, want: `unknown backend "nope"`},
	}
	for _, tc := range tests {
		_, stderr, code := execBench(t, append([]string{"crossover"}, tc.args...)...)
		if code != exitBadArgs || !strings.Contains(stderr, tc.want) || strings.Count(stderr, "\n") != 1 {
			t.Errorf("bench crossover %v: exit %d, stderr %q; want exit %d, one line with %q", tc.args, code, stderr, exitBadArgs, tc.want)
		}
	}
}
