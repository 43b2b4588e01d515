package compare

import (
	"fmt"
	"math"

	"github.com/muxbench/muxbench/internal/analysis"
	"github.com/muxbench/muxbench/internal/table"
)

// edgeSlack is how far a per-request count of the pair may move through
// window-edge events alone.
func edgeSlack(o, n analysis.CellSummary, opt Options) float64 {
	reqs := min(o.MinRequests, n.MinRequests)
	if reqs == 0 {
		return 0
	}
	return opt.EdgeEvents / float64(reqs)
}

// judgeCount decides a deterministic count by its medians, exactly: slack
// widens the tolerance by what the window edges alone can add.
func judgeCount(m analysis.Metric, o, n analysis.Stat, opt Options, slack float64) (float64, Verdict) {
	ratio := 0.0
	if o.Median != 0 {
		ratio = n.Median / o.Median
	}
	worse := n.Median > o.Median
	if !m.LowerIsBetter {
		worse = n.Median < o.Median
	}
	diff := math.Abs(n.Median - o.Median)
	if diff <= opt.AbsTolerance+slack || diff <= opt.CountTolerance*math.Abs(o.Median)+slack {
		return ratio, Same
	}
	if worse {
		return ratio, Regression
	}
	return ratio, Improvement
}

// judgeNoisy decides a noisy metric by the Mann–Whitney test over the two
// cells' trials: a regression only when it is significant and the whole
// 95% interval of new ÷ old lies beyond the threshold on the worse side.
func (r *Row) judgeNoisy(opt Options) {
	c := analysis.Compare(r.Old.Values, r.New.Values)
	r.Test, r.Ratio = &c, c.Ratio
	switch c.Judge(opt.Threshold, r.Metric.LowerIsBetter) {
	case analysis.Undecided:
		r.Verdict = Undecided
	case analysis.NoChange:
		r.Verdict = NoChange
	case analysis.Within:
		r.Verdict = Changed
	case analysis.Worse:
		r.Verdict = Regression
	case analysis.Better:
		r.Verdict = Improvement
	}
}

// Describe names a regression in one line: cell, metric, old → new, and
// for a noisy metric the interval and p-value.
func (r Row) Describe() string {
	if r.Metric.Name == cellMetric.Name {
		return fmt.Sprintf("%s: cell ran in the old run, n/a in the new one (%s)", r.Cell, r.New.NA)
	}
	change := percent(r.Ratio)
	if r.Test != nil {
		change = r.Test.Delta()
	}
	return fmt.Sprintf("%s: %s %s → %s (%s)", r.Cell, r.Metric.Name,
		table.Number(r.Old.Median), table.Number(r.New.Median), change)
}

func percent(ratio float64) string {
	if ratio == 0 {
		return "old was 0"
	}
	return fmt.Sprintf("%+.1f%%", (ratio-1)*100)
}
