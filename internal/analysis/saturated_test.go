package analysis

import (
	"strings"
	"testing"

	"github.com/muxbench/muxbench/internal/analysis/analysistest"
)

// TestSaturatedCellReachesNoRatio (#13): a rival whose trials at the
// largest idle count were all server-saturated (its CPU per request is
// the window over the offered rate) is not compared there: no ratio is
// read from it, and the point says why.
func TestSaturatedCellReachesNoRatio(t *testing.T) {
	run := analysistest.Run()
	largest := analysistest.Idles[len(analysistest.Idles)-1]
	for i := range run.Cells {
		c := &run.Cells[i]
		if c.Backend != "poll" || c.Idle != largest {
			continue
		}
		for j := range c.Trials {
			c.Trials[j].Flags = append(c.Trials[j].Flags, "server-saturated")
		}
	}
	groups := GroupCells(run, SummarizeRun(run))
	rivalries := Crossovers(groups, "epoll_et", []string{"poll"}, DefaultMargin)
	if len(rivalries) == 0 {
		t.Fatal("no rivalry in the fixture")
	}
	for _, r := range rivalries {
		p := r.Points[len(r.Points)-1]
		if p.Idle != largest || p.Outcome != NotCompared || !strings.Contains(p.Why, "server-saturated") {
			t.Errorf("active %d at idle %d: outcome %v (%q), ratios %.2f/%.2f; want not compared, saturated", r.Group.Active, p.Idle, p.Outcome, p.Why, p.P99Ratio, p.CPURatio)
		}
	}
}
