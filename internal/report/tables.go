package report

import (
	"fmt"
	"io"

	"github.com/muxbench/muxbench/internal/analysis"
	"github.com/muxbench/muxbench/internal/table"
)

// Layout is how many columns a cell table shows. Narrow, the default,
// keeps every table within table.Columns (120) characters: the medians of
// NarrowMetrics (NarrowOpenMetrics in open loop), "req/s vs C" and the
// flags, latencies scaled to µs or ms.
// Wide (--wide) shows every column of WideMetrics with its min–max spread,
// the trial counts, the open-loop columns and the busy shares, unbounded.
// Either way a long n/a reason or flag list leaves the table for a note
// below it, so a cell never wraps.
type Layout int

const (
	// Narrow fits table.Columns.
	Narrow Layout = iota
	// Wide renders every column.
	Wide
)

// NarrowMetrics are the figures of a narrow table.
var NarrowMetrics = []string{"req_per_sec", "p50_us", "p99_us", "cpu_us_per_req", "syscalls_per_req"}

// NarrowOpenMetrics are a narrow open-loop table's: the generator's send
// lag p99 beside the corrected percentiles, in the place of req/s, which
// is the offered rate the heading names (a trial short of it is flagged
// rate-short and left out).
var NarrowOpenMetrics = []string{"p50_us", "p99_us", "lag_p99_us", "cpu_us_per_req", "syscalls_per_req"}

// WideMetrics are the figures of a wide table (cells.csv has all).
var WideMetrics = []string{
	"req_per_sec", "p50_us", "p99_us", "p999_us", "cpu_us_per_req",
	"syscalls_per_req", "loop_syscalls_per_req", "wakeups_per_req", "fds_scanned_per_req",
	"server_voluntary_ctx_switches_per_req", "server_involuntary_ctx_switches_per_req", "server_cpu_outside_loop_pct",
}

// metrics are the layout's figures for a table of g.
func (l Layout) metrics(g analysis.Group) []string {
	switch {
	case l == Wide:
		return WideMetrics
	case g.Mode == "open":
		return NarrowOpenMetrics
	}
	return NarrowMetrics
}

// GroupTable writes one group as a Markdown table in the layout, followed
// by notes for figures that are n/a, the vs C column's gaps and the
// flagged trials a narrow table names by a code.
func GroupTable(w io.Writer, g analysis.Group, l Layout) error {
	notes := newNotes()
	var rows [][]string
	for _, c := range g.Cells {
		rows = append(rows, groupRow(g, c, l, notes))
	}
	header := groupHeader(g, l)
	align := table.Names(1, len(header)-1) + "l"
	if err := (table.Table{Header: header, Rows: rows, Align: align}).Markdown(w); err != nil {
		return err
	}
	notes.write(w)
	return nil
}

// groupHeader is the layout's column headings.
func groupHeader(g analysis.Group, l Layout) []string {
	header := []string{"backend", "idle"}
	if l == Wide {
		header = append(header, "trials")
	}
	for _, name := range l.metrics(g) {
		m, _ := analysis.MetricByName(name)
		header = append(header, columnTitle(m))
	}
	if l == Wide {
		header = append(header, openHeader(g)...)
		header = append(header, "busy % gen/srv")
	}
	return append(header, vsCTitle, "flags")
}

// columnTitle is a metric's heading: a time's cells carry their unit (µs
// or ms, scaled), so its heading has none.
func columnTitle(m analysis.Metric) string {
	if m.Unit == "µs" {
		return m.Title
	}
	return m.Label()
}

// groupRow is one cell's row; what does not fit a cell goes to notes.
func groupRow(g analysis.Group, c analysis.CellSummary, l Layout, notes *notes) []string {
	row := []string{c.Backend, Thousands(int64(c.Idle))}
	if l == Wide {
		row = append(row, trialCount(c))
	}
	if c.NA != "" {
		notes.add(fmt.Sprintf("%s: n/a — %s", c.Backend, c.NA), c.Idle)
		row = append(row, "n/a")
		for len(row) < len(groupHeader(g, l)) {
			row = append(row, "")
		}
		return row
	}
	for _, name := range l.metrics(g) {
		row = append(row, metricCell(c, name, l, notes))
	}
	if l == Wide {
		row = append(row, openCells(g, c)...)
		row = append(row, busyShares(c))
	}
	return append(row, vsC(g, c, notes), flagCell(c, l, notes))
}
