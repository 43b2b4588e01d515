package report

import (
	"strings"
	"testing"

	"github.com/muxbench/muxbench/internal/analysis/analysistest"
	"github.com/muxbench/muxbench/internal/results"
	"github.com/muxbench/muxbench/internal/version"
)

// TestMachineTableNamesTheBuild: summary.md and the published README say
// which build recorded the run, and that an old run.json did not record it.
func TestMachineTableNamesTheBuild(t *testing.T) {
	tests := []struct {
		name string
		tool *version.Info
		want string
	}{
		{name: "stamped", tool: &version.Info{Version: "v0.0.0-20261201203300-0123456789ab+dirty", Commit: "0123456789abcdef", Dirty: true},
			want: "| muxbench build | commit 0123456789ab (dirty: uncommitted changes), version v0.0.0-20261201203300-0123456789ab+dirty |"},
		{name: "schema 1", want: "| muxbench build | not recorded (run.json before schema 2) |"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			run := analysistest.Run()
			run.Tool = tc.tool
			var b strings.Builder
			writeMachine(&b, run)
			if !strings.Contains(b.String(), tc.want+"\n") {
				t.Errorf("machine table lacks %q:\n%s", tc.want, b.String())
			}
		})
	}
}

// TestMachineTableSaysHowTheGeneratorRan: the header says how the open-loop
// trials' polling drivers were scheduled, trial counts each way, and that
// a run.json from before schema 4 did not record it; a run without an
// open-loop trial says nothing.
func TestMachineTableSaysHowTheGeneratorRan(t *testing.T) {
	open := func(sched ...string) results.Cell {
		c := results.Cell{CellKey: results.CellKey{Scenario: "echo", Backend: "poll", Mode: "open"}}
		for _, s := range sched {
			var tr results.Trial
			tr.Metrics.GeneratorSched = s
			c.Trials = append(c.Trials, tr)
		}
		return c
	}
	refused := "ordinary scheduling (sched_setattr: operation not permitted)"
	tests := []struct {
		name   string
		schema int
		cells  []results.Cell
		want   string
	}{
		{"real-time", 4, []results.Cell{open("SCHED_FIFO", "SCHED_FIFO"), open("SCHED_FIFO", refused)},
			"drivers that poll before their sends: SCHED_FIFO in 3; " + refused + " in 1 of 4 open-loop trials"},
		{"schema 3", 3, []results.Cell{open("", "")}, "not recorded (run.json before schema 4)"},
		{"closed loop only", 4, nil, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			run := analysistest.Run()
			run.Schema = tc.schema
			run.Cells = append(run.Cells, tc.cells...)
			if got := generatorSched(run); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
