package compare

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/muxbench/muxbench/internal/analysis"
	"github.com/muxbench/muxbench/internal/report"
	"github.com/muxbench/muxbench/internal/results"
)

// WriteMarkdown writes the table of every compared metric, then the cells
// only one run has, then the regressions by name.
func WriteMarkdown(w io.Writer, res Result) {
	fmt.Fprintln(w, "| cell | metric | old | new | new/old | verdict |")
	fmt.Fprintln(w, "|:-----|:-------|----:|----:|--------:|:--------|")
	for _, r := range res.Rows {
		ratio := "—"
		if r.Ratio != 0 {
			ratio = strconv.FormatFloat(r.Ratio, 'f', 2, 64)
		}
		verdict := string(r.Verdict)
		if r.Verdict == Regression {
			verdict = "**REGRESSION**"
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s |\n", r.Cell, r.Metric.Label(), cellText(r.Old), cellText(r.New), ratio, verdict)
	}
	writeOnly(w, "only in the old run", res.OnlyOld)
	writeOnly(w, "only in the new run", res.OnlyNew)
	regs := res.Regressions()
	fmt.Fprintf(w, "\n%d regression(s).\n", len(regs))
	for _, r := range regs {
		fmt.Fprintf(w, "- %s\n", r.Describe())
	}
}

// cellText escapes the table separator inside an n/a reason.
func cellText(s analysis.Stat) string { return strings.ReplaceAll(report.StatText(s), "|", "\\|") }

func writeOnly(w io.Writer, what string, keys []results.CellKey) {
	if len(keys) == 0 {
		return
	}
	fmt.Fprintf(w, "\nCells %s:\n", what)
	for _, k := range keys {
		fmt.Fprintf(w, "- %s\n", k)
	}
}

// WriteBenchstat writes one Go benchmark line per valid trial of every
// cell, so benchstat sees each trial as a sample:
//
//	BenchmarkCell/echo/poll/idle=100/active=1/closed 1 52.1 p99-µs ...
func WriteBenchstat(w io.Writer, run *results.Run, deterministicOnly bool) {
	fmt.Fprintf(w, "goos: linux\npkg: github.com/muxbench/muxbench\ncpu: %s\n", run.Machine.CPUModel)
	for _, c := range run.Cells {
		counted := slices.ContainsFunc(c.Trials, func(t results.Trial) bool { return t.Counted })
		for _, t := range c.Trials {
			if !t.Valid() {
				continue
			}
			var b strings.Builder
			fmt.Fprintf(&b, "BenchmarkCell/%s 1", benchName(c.CellKey))
			for _, m := range analysis.Metrics {
				if (deterministicOnly && !m.Deterministic) || !m.Source.Uses(t, counted) {
					continue
				}
				if v, why := m.Value(t); why == "" {
					fmt.Fprintf(&b, " %s %s", strconv.FormatFloat(v, 'g', -1, 64), benchUnit(m))
				}
			}
			fmt.Fprintln(w, b.String())
		}
	}
}

// benchName keeps the cell key free of spaces, which would end the name.
func benchName(k results.CellKey) string { return strings.ReplaceAll(k.String(), " ", "_") }

// benchUnit names a metric the way benchstat reads units: "/s" for rates
// (higher is better), the metric name otherwise.
func benchUnit(m analysis.Metric) string {
	if m.Name == "req_per_sec" {
		return "req/s"
	}
	return m.Name
}
