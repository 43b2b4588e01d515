package compare

import (
	"fmt"
	"math"

	"github.com/muxbench/muxbench/internal/analysis"
	"github.com/muxbench/muxbench/internal/report"
	"github.com/muxbench/muxbench/internal/results"
)

// Options tune what counts as a regression.
type Options struct {
	// Threshold is the relative change a noisy metric must exceed (0.10).
	Threshold float64
	// CountTolerance is the relative change a deterministic count may make
	// without counting (0.05); AbsTolerance absorbs rounding near zero.
	CountTolerance float64
	AbsTolerance   float64
	// EdgeEvents is how many events a per-request count may gain or lose
	// at the edges of a measurement window (a wakeup straddling the start,
	// the last request's read): a count over R requests may then move by
	// EdgeEvents/R without being a change. It matters for short windows
	// with few requests, such as a smoke run on a slow cell.
	EdgeEvents float64
	// DeterministicOnly compares deterministic counts only.
	DeterministicOnly bool
}

// DefaultOptions are bench compare's defaults.
func DefaultOptions() Options {
	return Options{Threshold: 0.10, CountTolerance: 0.05, AbsTolerance: 0.01, EdgeEvents: 4}
}

// Verdict is what happened to one metric of one cell.
type Verdict string

const (
	Same        Verdict = ""
	Regression  Verdict = "regression"
	Improvement Verdict = "improvement"
	Changed     Verdict = "changed within spread"
	NotCompared Verdict = "n/a"
)

// Row is one metric of one matched cell.
type Row struct {
	Cell     results.CellKey
	Metric   analysis.Metric
	Old, New analysis.Stat
	// Ratio is new ÷ old median; 0 when either is missing or old is 0.
	Ratio   float64
	Verdict Verdict
}

// Result is a whole comparison.
type Result struct {
	Rows []Row
	// OnlyOld and OnlyNew are cells present in one run only.
	OnlyOld, OnlyNew []results.CellKey
}

// Regressions are the rows that fail the comparison.
func (r Result) Regressions() []Row {
	var out []Row
	for _, row := range r.Rows {
		if row.Verdict == Regression {
			out = append(out, row)
		}
	}
	return out
}

// cellMetric stands for the cell itself when it stopped running.
var cellMetric = analysis.Metric{Name: "cell", Title: "cell ran", Deterministic: true}

// Compare matches cells by key, in the new run's order.
func Compare(old, cur *results.Run, opt Options) Result {
	var res Result
	oldCells := map[results.CellKey]analysis.CellSummary{}
	for _, c := range analysis.SummarizeRun(old) {
		oldCells[c.CellKey] = c
	}
	matched := map[results.CellKey]bool{}
	for _, n := range analysis.SummarizeRun(cur) {
		o, ok := oldCells[n.CellKey]
		if !ok {
			res.OnlyNew = append(res.OnlyNew, n.CellKey)
			continue
		}
		matched[n.CellKey] = true
		res.Rows = append(res.Rows, compareCell(o, n, opt)...)
	}
	for _, c := range old.Cells {
		if !matched[c.CellKey] {
			res.OnlyOld = append(res.OnlyOld, c.CellKey)
		}
	}
	return res
}

func compareCell(o, n analysis.CellSummary, opt Options) []Row {
	if o.NA == "" && o.Valid > 0 && n.NA != "" {
		return []Row{{Cell: n.CellKey, Metric: cellMetric, Old: analysis.Stat{N: o.Valid, Median: 1, Min: 1, Max: 1},
			New: analysis.Stat{NA: n.NA}, Verdict: Regression}}
	}
	var rows []Row
	for _, m := range analysis.Metrics {
		if opt.DeterministicOnly && !m.Deterministic {
			continue
		}
		row := Row{Cell: n.CellKey, Metric: m, Old: o.Stat(m.Name), New: n.Stat(m.Name)}
		row.Ratio, row.Verdict = judge(m, row.Old, row.New, opt, edgeSlack(o, n, opt))
		rows = append(rows, row)
	}
	return rows
}

// edgeSlack is how far a per-request count of the pair may move through
// window-edge events alone.
func edgeSlack(o, n analysis.CellSummary, opt Options) float64 {
	reqs := min(o.MinRequests, n.MinRequests)
	if reqs == 0 {
		return 0
	}
	return opt.EdgeEvents / float64(reqs)
}

// judge decides one metric; slack widens the tolerance of deterministic
// counts by what the window edges alone can add.
func judge(m analysis.Metric, o, n analysis.Stat, opt Options, slack float64) (float64, Verdict) {
	if !o.OK() || !n.OK() {
		return 0, NotCompared
	}
	ratio := 0.0
	if o.Median != 0 {
		ratio = n.Median / o.Median
	}
	worse := n.Median > o.Median
	if !m.LowerIsBetter {
		worse = n.Median < o.Median
	}
	diff := math.Abs(n.Median - o.Median)
	if m.Deterministic {
		if diff <= opt.AbsTolerance+slack || diff <= opt.CountTolerance*math.Abs(o.Median)+slack {
			return ratio, Same
		}
		return ratio, direction(worse)
	}
	if diff <= opt.Threshold*math.Abs(o.Median) {
		return ratio, Same
	}
	if o.Max >= n.Min && n.Max >= o.Min {
		return ratio, Changed
	}
	return ratio, direction(worse)
}

func direction(worse bool) Verdict {
	if worse {
		return Regression
	}
	return Improvement
}

// Describe names a regression in one line: cell, metric, old → new.
func (r Row) Describe() string {
	if r.Metric.Name == cellMetric.Name {
		return fmt.Sprintf("%s: cell ran in the old run, n/a in the new one (%s)", r.Cell, r.New.NA)
	}
	return fmt.Sprintf("%s: %s %s → %s (%s)", r.Cell, r.Metric.Name,
		report.FormatNumber(r.Old.Median), report.FormatNumber(r.New.Median), percent(r.Ratio))
}

func percent(ratio float64) string {
	if ratio == 0 {
		return "old was 0"
	}
	return fmt.Sprintf("%+.1f%%", (ratio-1)*100)
}
