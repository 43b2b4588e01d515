package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/muxbench/muxbench/internal/results"
)

// scaleRate multiplies io_uring's req/s in every trial of run by f.
func scaleRate(run *results.Run, f float64) *results.Run {
	for i, c := range run.Cells {
		if c.Backend != "io_uring" {
			continue
		}
		for j := range c.Trials {
			run.Cells[i].Trials[j].Metrics.ReqPerSec *= f
		}
	}
	return run
}

// dropBackend leaves backend's cells out of run.
func dropBackend(run *results.Run, backend string) *results.Run {
	var kept []results.Cell
	for _, c := range run.Cells {
		if c.Backend != backend {
			kept = append(kept, c)
		}
	}
	run.Cells = kept
	return run
}

// TestUringFinding (#16): the finding reads the sweep at 1 and 16 active
// and the all-active scenario at 256, judges with analysis.Compare (a
// clear win or loss beyond the margin is named so), gives the syscalls per
// request of each, and says n/a where the run lacks a pair.
func TestUringFinding(t *testing.T) {
	tests := []struct {
		name string
		run  *results.Run
		want []string
	}{
		{name: "as measured", run: realisticRun(), want: []string{"1 active (idle 0): req/s 16,500 / 15,614", "16 active (idle 0)", "256 active (all-active)",
			"1.02 io_uring_enter against 3.00 epoll_wait+read+write", "|    256 | all-active |"}},
		{name: "io_uring faster", run: scaleRate(realisticRun(), 1.5), want: []string{"io_uring wins (io_uring ÷ epoll_et 1.6×", "1.6× ✓"}},
		{name: "io_uring slower", run: scaleRate(realisticRun(), 0.5), want: []string{"io_uring loses (io_uring ÷ epoll_et 0.53×", "0.53× ✗"}},
		{name: "no all-active", run: dropBackend(realisticRun(), "io_uring"), want: []string{"256 active: n/a — the run has no closed-loop io_uring and epoll_et cells"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := writeUringFinding(&buf, tc.run); err != nil {
				t.Fatal(err)
			}
			for _, want := range tc.want {
				if !strings.Contains(buf.String(), want) {
					t.Errorf("finding lacks %q:\n%s", want, buf.String())
				}
			}
			if w, line := tableWidth(buf.String()); w > 120 {
				t.Errorf("table line %d wide: %s", w, line)
			}
		})
	}
}
