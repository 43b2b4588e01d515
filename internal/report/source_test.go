package report

import (
	"strings"
	"testing"

	"github.com/muxbench/muxbench/internal/analysis"
	"github.com/muxbench/muxbench/internal/analysis/analysistest"
)

// TestSummarizeSources: timing figures come from the timed trials only,
// syscall figures from the counted one, the backend's counters from both;
// a run without counted trials takes everything from every trial.
func TestSummarizeSources(t *testing.T) {
	withCounted := analysistest.Cell("epoll_et", 0, 1)
	counted := analysistest.Trial(4, "epoll_et", 0, 1, 1000, 1000) // the tracing tax, exaggerated
	counted.Counted = true
	sys := 3.5
	counted.Metrics.SyscallsPerReq = &sys
	withCounted.Trials = append(withCounted.Trials, counted)
	p99, cpu := analysistest.CostModel("epoll_et", 0, 1)

	tests := []struct {
		name   string
		cs     analysis.CellSummary
		metric string
		want   float64
		n      int
	}{
		{name: "p99 from timed trials", cs: analysis.Summarize(withCounted), metric: "p99_us", want: p99, n: 3},
		{name: "CPU from timed trials", cs: analysis.Summarize(withCounted), metric: "cpu_us_per_req", want: cpu, n: 3},
		{name: "syscalls from the counted trial", cs: analysis.Summarize(withCounted), metric: "syscalls_per_req", want: 3.5, n: 1},
		{name: "wakeups from every trial", cs: analysis.Summarize(withCounted), metric: "wakeups_per_req", want: 1, n: 4},
		{name: "no counted trials: syscalls from all", cs: analysis.Summarize(analysistest.Cell("epoll_et", 0, 1)), metric: "syscalls_per_req", want: 3, n: 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := tc.cs.Stat(tc.metric)
			if !s.OK() || !near(s.Median, tc.want) || s.N != tc.n {
				t.Errorf("%s = %s over %d trials, want %g over %d", tc.metric, StatText(s), s.N, tc.want, tc.n)
			}
		})
	}
	if got := trialCount(analysis.Summarize(withCounted)); got != "3/4 + 1/1" {
		t.Errorf("trials column %q, want 3/4 + 1/1", got)
	}
}

// TestSummarizeCountedFlagged: a flagged counted trial leaves the syscall
// figure n/a with its reason rather than borrowing another source.
func TestSummarizeCountedFlagged(t *testing.T) {
	c := analysistest.Cell("epoll_et", 0, 1)
	counted := analysistest.Trial(4, "epoll_et", 0, 1, 24, 6)
	counted.Counted, counted.Flags = true, []string{"cpu-contended"}
	c.Trials = append(c.Trials, counted)
	s := analysis.Summarize(c).Stat("syscalls_per_req")
	if s.OK() || !strings.Contains(s.NA, "counted trials flagged") {
		t.Errorf("syscalls_per_req = %q, want n/a: counted trial flagged", StatText(s))
	}
}

func near(a, b float64) bool { return a-b < 1e-9 && b-a < 1e-9 }
