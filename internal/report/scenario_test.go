package report

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/muxbench/muxbench/internal/analysis/analysistest"
	"github.com/muxbench/muxbench/internal/results"
	"github.com/muxbench/muxbench/internal/server"
)

// scenarioTrial is one valid trial with the figures the findings read.
func scenarioTrial(reqs uint64, rate float64, b server.Counters, counted bool) results.Trial {
	total := float64(b.Syscalls()) / float64(reqs) // as bench run fills it from backend counters
	return results.Trial{Counted: counted, Metrics: results.Metrics{Requests: reqs, WindowSec: 1, ReqPerSec: rate, Backend: b,
		Latency: results.Latency{P50: 10, P99: 20}, ServerCPUUsPerReq: 5, SyscallsPerReq: &total}}
}

// TestScenarioFindingsFromFigures: each finding is computed from the cells'
// figures, and the sections split off from the sweep's groups.
func TestScenarioFindingsFromFigures(t *testing.T) {
	run := &results.Run{Schema: results.SchemaVersion, Config: results.RunConfig{Backends: []string{"poll", "epoll_et"}}}
	churn := func(b string, rate float64, ctl uint64) results.Cell {
		c := server.Counters{WaitCalls: 3000, Reads: 2000, Writes: 1000, AcceptCalls: 2000, CtlSyscalls: ctl}
		return results.Cell{CellKey: results.CellKey{Scenario: "churn", Backend: b, Active: 16, Mode: "closed"},
			Trials: []results.Trial{scenarioTrial(1000, rate, c, false)}}
	}
	allActive := func(b string, rate float64) results.Cell {
		return results.Cell{CellKey: results.CellKey{Scenario: "all-active", Backend: b, Active: 256, Mode: "closed"},
			Trials: []results.Trial{scenarioTrial(1000, rate, server.Counters{}, false)}}
	}
	run.Cells = []results.Cell{churn("poll", 30000, 0), churn("epoll_et", 20000, 2000), allActive("poll", 90000), allActive("epoll_et", 100000)}
	secs := ScenarioSections(run)
	if len(secs) != 2 || secs[0].Name != "all-active" || secs[1].Name != "churn" {
		t.Fatalf("sections %v, want all-active then churn", secs)
	}
	tests := []struct{ got, want string }{
		{secs[0].Finding, "epoll_et serves 100,000 req/s vs poll 90,000 (poll ÷ epoll_et req/s: not enough trials to decide (n=1, need ≥ 4))"},
		{secs[1].Finding, "epoll_et serves 20,000 conn/s vs poll 30,000 conn/s (poll ÷ epoll_et conn/s: not enough trials to decide (n=1, need ≥ 4)); epoll_ctl is 20.0% of epoll_et's syscalls (2.00 per connection), poll's 0"},
	}
	for _, tt := range tests {
		if !strings.Contains(tt.got, tt.want) {
			t.Errorf("finding %q\nwant it to contain %q", tt.got, tt.want)
		}
	}
	var buf bytes.Buffer
	if err := Write(t.TempDir(), run, &buf); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "The answer") {
		t.Errorf("scenario cells made sweep groups:\n%s", buf.String())
	}
}

// TestPublishScenarioExtras: a scenarios run published beside the sweep
// brings its findings and figures, linked to its own directory, and the
// other reports beside the README are listed.
func TestPublishScenarioExtras(t *testing.T) {
	top := t.TempDir()
	mainDir, extraDir := filepath.Join(top, "sweep"), filepath.Join(top, "scen")
	extra := &results.Run{Schema: results.SchemaVersion, Command: []string{"bench", "run", "--profile", "scenarios"},
		Config: results.RunConfig{Profile: "scenarios", Backends: []string{"poll", "epoll_et"}}}
	for _, b := range []string{"poll", "epoll_et"} {
		c := server.Counters{WaitCalls: 3000, Reads: 2000, Writes: 1000, AcceptCalls: 2000}
		extra.Cells = append(extra.Cells, results.Cell{CellKey: results.CellKey{Scenario: "churn", Backend: b, Active: 16, Mode: "closed"},
			Trials: []results.Trial{scenarioTrial(1000, 10000, c, false)}})
	}
	if err := os.WriteFile(filepath.Join(top, "reliability.md"), []byte("# r\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	readme := filepath.Join(top, "README.md")
	if err := Publish(readme, mainDir, analysistest.Run(), filepath.Join(top, "none.md"), Extra{Dir: extraDir, Run: extra}); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(readme)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"## Where epoll does not win: scenarios", "From [`scen/run.json`](scen/run.json) (`bench run --profile scenarios`",
		"scen/plots/scenario-churn.png", "epoll_et serves 10,000 conn/s vs poll 10,000 conn/s", "- [`reliability.md`](reliability.md)"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("README lacks %q", want)
		}
	}
	if _, err := os.Stat(filepath.Join(extraDir, "plots", "scenario-churn.png")); err != nil {
		t.Errorf("the extra run's plot was not drawn: %v", err)
	}
}

// TestScenarioAllFlagged: a scenario whose every trial tripped a gate (a
// loaded machine) renders its table and finding without a figure, rather
// than failing to draw an empty log axis.
func TestScenarioAllFlagged(t *testing.T) {
	run := &results.Run{Schema: results.SchemaVersion, Config: results.RunConfig{Backends: []string{"poll", "epoll_et"}}}
	for _, b := range []string{"poll", "epoll_et"} {
		tr := scenarioTrial(1000, 5000, server.Counters{WaitCalls: 1000, Reads: 1000, Writes: 1000}, false)
		tr.Flags = []string{"cpu-contended"}
		run.Cells = append(run.Cells, results.Cell{CellKey: results.CellKey{Scenario: "all-active", Backend: b, Active: 8, Mode: "closed"},
			Trials: []results.Trial{tr}})
	}
	dir := t.TempDir()
	var buf bytes.Buffer
	if err := Write(dir, run, &buf); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "plots", "scenario-all-active.png")); !os.IsNotExist(err) {
		t.Errorf("a figure was drawn with nothing valid to draw (stat: %v)", err)
	}
}

// TestScenarioFindingCompares: with five trials a side, a finding states
// the ratio with its interval when the difference is significant, and
// says so when it is not.
func TestScenarioFindingCompares(t *testing.T) {
	cell := func(b string, rates ...float64) results.Cell {
		c := results.Cell{CellKey: results.CellKey{Scenario: "all-active", Backend: b, Active: 256, Mode: "closed"}}
		for _, r := range rates {
			c.Trials = append(c.Trials, scenarioTrial(1000, r, server.Counters{}, false))
		}
		return c
	}
	epoll := []float64{100000, 101000, 99000, 100500, 99500}
	tests := []struct {
		name string
		poll []float64
		want string
	}{
		{name: "significant", poll: []float64{90000, 90500, 89500, 91000, 89000}, want: "poll ÷ epoll_et req/s 0.90× (95% CI 0.89×–0.91×, p=0.008)"},
		{name: "noise", poll: []float64{100200, 99200, 100800, 99800, 100100}, want: "poll ÷ epoll_et req/s: no significant difference (p="},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			run := &results.Run{Schema: results.SchemaVersion, Config: results.RunConfig{Backends: []string{"poll", "epoll_et"}}}
			run.Cells = []results.Cell{cell("poll", tc.poll...), cell("epoll_et", epoll...)}
			if got := ScenarioSections(run)[0].Finding; !strings.Contains(got, tc.want) {
				t.Errorf("finding %q lacks %q", got, tc.want)
			}
		})
	}
}
