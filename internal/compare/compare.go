package compare

import (
	"fmt"
	"sort"
	"strings"

	"github.com/muxbench/muxbench/internal/analysis"
	"github.com/muxbench/muxbench/internal/results"
)

// Options tune what counts as a regression.
type Options struct {
	// Threshold is the relative change a noisy metric must exceed with
	// its whole 95% interval (0.10).
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
	// NoChange: a noisy metric whose change is not significant at 0.05.
	NoChange Verdict = "~"
	// Changed: significant, but the 95% interval of new ÷ old reaches
	// inside the threshold.
	Changed Verdict = "changed within threshold"
	// Undecided: too few trials for the test to reach significance.
	Undecided   Verdict = "not enough trials to decide"
	NotCompared Verdict = "n/a"
)

// Row is one metric of one matched cell.
type Row struct {
	Cell     results.CellKey
	Metric   analysis.Metric
	Old, New analysis.Stat
	// Ratio is new ÷ old: of the medians for a deterministic count (0
	// when either is missing or old is 0), the comparison's estimate for
	// a noisy metric.
	Ratio float64
	// Test is the significance test of a noisy metric; nil for counts
	// and for rows not compared.
	Test    *analysis.Comparison
	Verdict Verdict
}

// Result is a whole comparison.
type Result struct {
	Rows []Row
	// OnlyOld and OnlyNew are cells present in one run only.
	OnlyOld, OnlyNew []results.CellKey
	// Flags count each run's flagged trials by flag.
	Flags []FlagCount
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

// Summary is the regressions in one line, for stderr: how many, the
// metrics they hit (the three commonest, with the number of cells each),
// then the first in full. It is "" without a regression.
func (r Result) Summary() string {
	regs := r.Regressions()
	if len(regs) == 0 {
		return ""
	}
	cells, order := map[string]int{}, []string{}
	for _, row := range regs {
		if cells[row.Metric.Name] == 0 {
			order = append(order, row.Metric.Name)
		}
		cells[row.Metric.Name]++
	}
	sort.SliceStable(order, func(i, j int) bool { return cells[order[i]] > cells[order[j]] })
	var hit []string
	for _, m := range order[:min(3, len(order))] {
		hit = append(hit, fmt.Sprintf("%s in %d cell(s)", m, cells[m]))
	}
	if len(order) > 3 {
		hit = append(hit, fmt.Sprintf("%d more metric(s)", len(order)-3))
	}
	return fmt.Sprintf("%d regression(s): %s; the first: %s", len(regs), strings.Join(hit, ", "), regs[0].Describe())
}

// cellMetric stands for the cell itself when it stopped running.
var cellMetric = analysis.Metric{Name: "cell", Title: "cell ran", Deterministic: true}

// Compare matches cells by key, in the new run's order.
func Compare(old, cur *results.Run, opt Options) Result {
	res := Result{Flags: flagCounts(old, cur)}
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
		switch {
		case !row.Old.OK() || !row.New.OK():
			row.Verdict = NotCompared
		case m.Deterministic:
			row.Ratio, row.Verdict = judgeCount(m, row.Old, row.New, opt, edgeSlack(o, n, opt))
		default:
			row.judgeNoisy(opt)
		}
		rows = append(rows, row)
	}
	return rows
}
