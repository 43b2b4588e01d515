package report

import (
	"github.com/muxbench/muxbench/internal/analysis"
	"github.com/muxbench/muxbench/internal/table"
)

// An open-loop table shows, beside the corrected percentiles, the same
// requests timed from their actual send (uncorrected) and the generator's
// send lag (actual − intended send): corrected ≈ uncorrected + lag, so a
// reader sees how much of a figure the generator's lateness makes.

// openPairs are the open-loop columns: a heading and its p50 and p99.
var openPairs = []struct{ title, p50, p99 string }{
	{"uncorr p50/p99", "uncorrected_p50_us", "uncorrected_p99_us"},
	{"lag p50/p99", "lag_p50_us", "lag_p99_us"},
}

// openHeader is the open-loop columns' headings (none in closed loop).
func openHeader(g analysis.Group) []string {
	if g.Mode != "open" {
		return nil
	}
	var h []string
	for _, p := range openPairs {
		h = append(h, p.title)
	}
	return h
}

// openCells is one cell's open-loop columns: "48.0µs/153µs" (pooled), "–"
// for a figure the cell does not have.
func openCells(g analysis.Group, c analysis.CellSummary) []string {
	if g.Mode != "open" {
		return nil
	}
	var row []string
	for _, p := range openPairs {
		row = append(row, pairText(c.Stat(p.p50), c.Stat(p.p99)))
	}
	return row
}

func pairText(a, b analysis.Stat) string {
	text := func(s analysis.Stat) string {
		if !s.OK() {
			return "–"
		}
		return table.Micros(s.Median)
	}
	return text(a) + "/" + text(b)
}
