package report

import (
	"bytes"
	"strings"
	"testing"

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
		{secs[0].Finding, "epoll_et serves 100,000 req/s vs poll 90,000 (poll at 90.0% of epoll_et)"},
		{secs[1].Finding, "epoll_et serves 20,000 conn/s vs poll 30,000 conn/s; epoll_ctl is 20.0% of epoll_et's syscalls (2.00 per connection), poll's 0"},
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
