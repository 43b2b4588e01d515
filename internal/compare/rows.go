package compare

import (
	"fmt"
	"io"
	"strings"

	"github.com/muxbench/muxbench/internal/analysis"
	"github.com/muxbench/muxbench/internal/results"
	"github.com/muxbench/muxbench/internal/table"
)

// The rows of a comparison are written as one table per group of cells,
// headed "echo, closed, active 1", so a row names its cell by backend and
// idle count alone and the table keeps within table.Columns. A cell holds
// the medians (times scaled to µs or ms); an n/a reason and the words of
// an undecided verdict ("?") go to the lines below the table.

// rowGroup is the heading rows share.
func rowGroup(k results.CellKey) string {
	s := fmt.Sprintf("%s, %s, active %d", k.Scenario, k.Mode, k.Active)
	if k.Mode == "open" {
		s += fmt.Sprintf(" at %g req/s", k.Rate)
	}
	return s
}

// rowCell names a row's cell within its group: "poll idle=1000".
func rowCell(k results.CellKey) string {
	s := fmt.Sprintf("%s idle=%d", k.Backend, k.Idle)
	if k.Rival != "" {
		s += " vs=" + k.Rival
	}
	return s
}

// writeRows writes the groups' tables in the rows' order.
func writeRows(w io.Writer, rows []Row) {
	var order []string
	groups := map[string][]Row{}
	for _, r := range rows {
		g := rowGroup(r.Cell)
		if _, ok := groups[g]; !ok {
			order = append(order, g)
		}
		groups[g] = append(groups[g], r)
	}
	for i, g := range order {
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "%s\n\n", g)
		writeGroup(w, groups[g])
	}
}

// writeGroup is one group's table and the reasons its cells leave out.
func writeGroup(w io.Writer, rows []Row) {
	t := table.Table{Header: []string{"cell", "metric", "old", "new", "new/old (95%)", "p", "verdict"}, Align: "llrrrrl"}
	var notes []string
	for _, r := range rows {
		ratio, p := ratioCells(r)
		old, cur := statCell(r, r.Old, r.New, "old", &notes), statCell(r, r.New, r.Old, "new", &notes)
		t.Rows = append(t.Rows, []string{rowCell(r.Cell), metricTitle(r.Metric), old, cur, ratio, p, verdictText(r)})
	}
	if err := t.Markdown(w); err != nil {
		fmt.Fprintf(w, "(table: %v)\n", err)
	}
	for _, n := range notes {
		fmt.Fprintf(w, "- %s\n", n)
	}
}

// ratioCells are the new/old figure with its interval, and the p-value.
func ratioCells(r Row) (ratio, p string) {
	ratio = "—"
	if r.Ratio != 0 {
		ratio = ratioText(r.Ratio)
	}
	interval, p := testText(r.Test)
	if interval != "—" {
		ratio += " (" + interval + ")"
	}
	return ratio, p
}

// metricTitle is a metric's heading; a time's cells carry their unit.
func metricTitle(m analysis.Metric) string {
	if m.Unit == "µs" {
		return m.Title
	}
	return m.Label()
}

// statCell is a side's median, or "n/a", its reason noted when the other
// side has a figure.
func statCell(r Row, s, other analysis.Stat, side string, notes *[]string) string {
	if !s.OK() {
		if other.OK() {
			*notes = append(*notes, fmt.Sprintf("%s, %s, %s run: n/a — %s", rowCell(r.Cell), r.Metric.Title, side, strings.TrimSpace(s.NA)))
		}
		return "n/a"
	}
	if r.Metric.Unit == "µs" {
		return table.Micros(s.Median)
	}
	return table.Number(s.Median)
}
