package compare

import (
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/muxbench/muxbench/internal/analysis"
	"github.com/muxbench/muxbench/internal/results"
)

// WriteMarkdown writes the tables of every compared metric, one per group
// of cells (scenario, mode, active count), each within table.Columns;
// then the cells only one run has, then the regressions by name.
func WriteMarkdown(w io.Writer, res Result) {
	writeRows(w, res.Rows)
	writeOnly(w, "only in the old run", res.OnlyOld)
	writeOnly(w, "only in the new run", res.OnlyNew)
	writeUndecided(w, res)
	writeFlags(w, res)
	regs := res.Regressions()
	fmt.Fprintf(w, "\n%d regression(s).\n", len(regs))
	for _, r := range regs {
		fmt.Fprintf(w, "- %s\n", r.Describe())
	}
}

func ratioText(r float64) string { return strconv.FormatFloat(r, 'f', 2, 64) }

// testText is a noisy metric's interval of new ÷ old and p-value.
func testText(c *analysis.Comparison) (interval, p string) {
	if c == nil || c.Undecided() != "" {
		return "—", "—"
	}
	interval = "±∞"
	if !math.IsInf(c.Lo, 0) && !math.IsInf(c.Hi, 0) {
		interval = ratioText(c.Lo) + "–" + ratioText(c.Hi)
	}
	return interval, strconv.FormatFloat(c.P, 'f', 3, 64)
}

func verdictText(r Row) string {
	switch r.Verdict {
	case Regression:
		return "**REGRESSION**"
	case Changed:
		return "≈ within threshold"
	case Undecided:
		return "?"
	}
	return string(r.Verdict)
}

// writeUndecided says how many noisy metrics had too few trials for any
// verdict, and what would let them have one.
func writeUndecided(w io.Writer, res Result) {
	n, example := 0, ""
	for _, r := range res.Rows {
		if r.Verdict == Undecided {
			n++
			example = r.Test.Undecided()
		}
	}
	if n > 0 {
		fmt.Fprintf(w, "\n%d noisy metric(s) not judged, e.g. %s: run both with more trials per cell (bench run --trials %d).\n",
			n, example, analysis.MinTrials())
	}
}

func writeOnly(w io.Writer, what string, keys []results.CellKey) {
	if len(keys) == 0 {
		return
	}
	fmt.Fprintf(w, "\nCells %s:\n", what)
	for _, k := range keys {
		fmt.Fprintf(w, "- %s\n", k)
	}
}
