package report

import (
	"fmt"
	"io"
	"strconv"

	"github.com/muxbench/muxbench/internal/analysis"
)

// changeMarks are the verdicts of analysis.Judge in a table cell.
var changeMarks = map[analysis.Change]string{
	analysis.Undecided: "?", analysis.NoChange: "~", analysis.Within: "≈",
	analysis.Better: "✓", analysis.Worse: "✗",
}

// writeSweepJudged writes the subject against each rival at every idle
// count of the sweep, CPU per request and p99, each point judged by
// analysis.Compare over the two cells' valid trials.
func writeSweepJudged(w io.Writer, groups []analysis.Group) error {
	written := false
	for _, g := range groups {
		header := []string{"mode", "active", "vs", "metric"}
		for _, idle := range g.Idles() {
			header = append(header, Thousands(int64(idle)))
		}
		var rows [][]string
		for _, rival := range Rivals {
			if !hasBackend(g, Subject) || !hasBackend(g, rival) {
				continue
			}
			for _, m := range []string{cpuMetric, p99Metric} {
				rows = append(rows, judgedRow(g, rival, m))
			}
		}
		if len(rows) == 0 {
			continue
		}
		if err := writeTable(w, header, rows, 4); err != nil {
			return err
		}
		fmt.Fprintln(w)
		written = true
	}
	if !written {
		_, err := fmt.Fprintf(w, "The run does not hold %s beside a rival in the sweep.\n", Subject)
		return err
	}
	_, err := fmt.Fprintf(w, "Each cell is %s ÷ rival at that idle count (the median of the pairwise ratios of their valid trials) and the verdict of the Mann–Whitney test with the 95%% interval of the ratio (benchmath): ✓ significantly at least %d%% better, the whole interval beyond the margin; ≈ significant but within %d%%; ~ no significant difference; ✗ at least %d%% worse; ? too few trials to decide (%d per side needed).\n",
		Subject, percentOf(Margin), percentOf(Margin), percentOf(Margin), analysis.MinTrials())
	return err
}

func judgedRow(g analysis.Group, rival, metric string) []string {
	row := []string{g.Mode, Thousands(int64(g.Active)), rival, metricTitle(metric)}
	m, _ := analysis.MetricByName(metric)
	for _, idle := range g.Idles() {
		s, okS := g.Cell(Subject, idle)
		r, okR := g.Cell(rival, idle)
		a, b := r.Stat(metric), s.Stat(metric)
		if !okS || !okR || !a.OK() || !b.OK() {
			row = append(row, "n/a")
			continue
		}
		c := analysis.Compare(a.Values, b.Values)
		row = append(row, ratioText(c.Ratio)+" "+changeMarks[c.Judge(Margin, m.LowerIsBetter)])
	}
	return row
}

// ratioText is a ratio to two significant digits: 0.52×, 1.0×, 23×.
func ratioText(r float64) string {
	if r < 1 {
		return strconv.FormatFloat(r, 'f', 2, 64) + "×"
	}
	return Ratio(r)
}

func hasBackend(g analysis.Group, b string) bool {
	for _, c := range g.Cells {
		if c.Backend == b {
			return true
		}
	}
	return false
}
