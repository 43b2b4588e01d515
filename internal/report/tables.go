package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/muxbench/muxbench/internal/analysis"
)

// TableMetrics are the columns of the per-group tables (the CSV has all).
var TableMetrics = []string{
	"req_per_sec", "p50_us", "p99_us", "p999_us", "cpu_us_per_req",
	"syscalls_per_req", "loop_syscalls_per_req", "wakeups_per_req", "fds_scanned_per_req",
}

// GroupTable writes one group as a Markdown table followed by notes for
// figures that are n/a and trials that were flagged.
func GroupTable(w io.Writer, g analysis.Group) error {
	header := []string{"backend", "idle", "trials"}
	for _, name := range TableMetrics {
		m, _ := analysis.MetricByName(name)
		header = append(header, m.Label())
	}
	header = append(header, openHeader(g)...)
	header = append(header, "busy % gen/srv", "flags")
	var rows [][]string
	notes := newNotes()
	for _, c := range g.Cells {
		rows = append(rows, groupRow(g, c, notes))
	}
	if err := writeTable(w, header, rows, 1); err != nil {
		return err
	}
	notes.write(w)
	return nil
}

func groupRow(g analysis.Group, c analysis.CellSummary, notes *notes) []string {
	row := []string{c.Backend, Thousands(int64(c.Idle)), trialCount(c)}
	if c.NA != "" {
		notes.add(fmt.Sprintf("%s: n/a — %s", c.Backend, c.NA), c.Idle)
		row = append(row, "n/a")
		for range TableMetrics[1:] {
			row = append(row, "")
		}
		for range openHeader(g) {
			row = append(row, "")
		}
		return append(row, "", "")
	}
	for _, name := range TableMetrics {
		s := c.Stat(name)
		if s.OK() {
			row = append(row, StatText(s))
			continue
		}
		m, _ := analysis.MetricByName(name)
		notes.add(fmt.Sprintf("%s, %s: n/a — %s", c.Backend, m.Title, s.NA), c.Idle)
		row = append(row, "n/a")
	}
	row = append(row, openCells(g, c)...)
	return append(row, busyShares(c), flagSummary(c))
}

// trialCount is "valid/run" of the timed trials, then of the counted ones.
func trialCount(c analysis.CellSummary) string {
	s := fmt.Sprintf("%d/%d", c.Valid, c.Trials)
	if c.Counted > 0 {
		s += fmt.Sprintf(" + %d/%d", c.CountedValid, c.Counted)
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

// notes collect n/a reasons below a table, one line per reason with the
// idle counts it applies to, so long reasons do not widen the columns.
type notes struct {
	order []string
	idles map[string][]string
}

func newNotes() *notes { return &notes{idles: map[string][]string{}} }

func (n *notes) add(text string, idle int) {
	if _, ok := n.idles[text]; !ok {
		n.order = append(n.order, text)
	}
	n.idles[text] = append(n.idles[text], Thousands(int64(idle)))
}

func (n *notes) write(w io.Writer) {
	if len(n.order) == 0 {
		return
	}
	fmt.Fprintln(w)
	for _, t := range n.order {
		fmt.Fprintf(w, "- %s (idle %s)\n", t, strings.Join(n.idles[t], ", "))
	}
}
