package report

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/muxbench/muxbench/internal/analysis"
	"github.com/muxbench/muxbench/internal/table"
)

// A cell of a group table is one figure of one cell summary. Narrow cells
// hold the median alone, wide ones "median (min–max)"; a time is scaled
// to its unit (table.Micros), a count keeps three significant digits
// (table.Number). A figure that is n/a reads "n/a" and its reason joins
// the notes below the table.

// maxFlagText is the longest flag list a narrow cell holds as it is; a
// longer one becomes a code ("[f1]") with its text below the table.
const maxFlagText = 20

// metricCell is the named metric of c in the layout.
func metricCell(c analysis.CellSummary, name string, l Layout, notes *notes) string {
	m, _ := analysis.MetricByName(name)
	s := c.Stat(name)
	if !s.OK() {
		notes.addMetric(c.Backend, m.Title, s.NA, c.Idle)
		return "n/a"
	}
	if l == Narrow {
		return narrowFigure(m, s, notes)
	}
	if m.Unit == "µs" {
		return table.MicrosSpread(s.Median, s.Min, s.Max) + poolMark(s)
	}
	return StatText(s)
}

// narrowFigure is a median alone; a pooled percentile resting on few
// samples is marked † and the mark explained once below the table.
func narrowFigure(m analysis.Metric, s analysis.Stat, notes *notes) string {
	text := FormatNumber(s.Median)
	if m.Unit == "µs" {
		text = table.Micros(s.Median)
	}
	if s.Pool.Few() {
		notes.legend("† rests on fewer than 100 pooled samples beyond the figure (the wide tables give the count)")
		text += "†"
	}
	return text
}

// trialCount is "valid/run" of the timed trials, then of the counted ones,
// each with the trials flagged only loadgen-bound that the server's cost
// figures read as well: "0+5b/5".
func trialCount(c analysis.CellSummary) string {
	count := func(valid, bound, run int) string {
		if bound > 0 {
			return fmt.Sprintf("%d+%db/%d", valid, bound, run)
		}
		return fmt.Sprintf("%d/%d", valid, run)
	}
	s := count(c.Valid, c.Bound, c.Trials)
	if c.Counted > 0 {
		s += " + " + count(c.CountedValid, c.CountedBound, c.Counted)
	}
	return s
}

// busyShares is the median generator and server CPU share, "98/71".
func busyShares(c analysis.CellSummary) string {
	parts := make([]string, 2)
	for i, s := range c.Busy {
		parts[i] = "–"
		if s.OK() {
			parts[i] = fmt.Sprintf("%.0f", s.Median)
		}
	}
	return parts[0] + "/" + parts[1]
}

// flagCell is the flagged trials of c: as they are in a wide table or
// when short, else a code whose text the notes give.
func flagCell(c analysis.CellSummary, l Layout, notes *notes) string {
	text := flagSummary(c)
	if l == Wide || utf8.RuneCountInString(text) <= maxFlagText {
		return text
	}
	return notes.code(text, c.Backend+" at idle "+Thousands(int64(c.Idle)))
}

// flagSummary lists the flagged trials of a cell: "t1: idle-short"; a
// counted trial is marked "(counted)".
func flagSummary(c analysis.CellSummary) string {
	var parts []string
	for _, f := range c.Flagged {
		name := fmt.Sprintf("t%d", f.Index)
		if f.Counted {
			name += " (counted)"
		}
		parts = append(parts, name+": "+f.Reason())
	}
	return strings.Join(parts, "; ")
}
