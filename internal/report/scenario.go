package report

import (
	"fmt"
	"slices"

	"github.com/muxbench/muxbench/internal/analysis"
	"github.com/muxbench/muxbench/internal/results"
	"github.com/muxbench/muxbench/internal/table"
)

// scenarioOrder are the scenarios reported apart from the idle sweep, in
// the order bench run measures them. Their cells carry the name in
// CellKey.Scenario; every other cell belongs to the sweep.
var scenarioOrder = []string{"all-active", "churn", "bulk", "heartbeat"}

// IsScenario reports whether a cell belongs to a non-idle scenario.
func IsScenario(name string) bool { return slices.Contains(scenarioOrder, name) }

// ScenarioSection is one scenario's table, plot and finding.
type ScenarioSection struct {
	Name    string
	Title   string
	Finding string
	Header  []string
	Rows    [][]string
	// Plot: y per backend over the scenario's x (its point parameter).
	XLabel, YLabel string
	points         map[string][]xy
	// Notes explain marks in the rows.
	Notes []string
}

type xy struct{ x, y float64 }

// scenarioCell is a cell with its usable trials: valid ones, and those
// flagged only loadgen-bound (the generator, not the server, set the pace:
// their rates are lower bounds, and the tables mark them).
type scenarioCell struct {
	results.Cell
	usable []results.Trial
	bound  bool // some usable trial was generator-bound
}

func usableCell(c results.Cell) scenarioCell {
	sc := scenarioCell{Cell: c}
	for _, t := range c.Trials {
		switch {
		case t.Valid():
			sc.usable = append(sc.usable, t)
		case t.Bound():
			sc.usable = append(sc.usable, t)
			sc.bound = true
		}
	}
	return sc
}

// timed is the median of f over the uncounted usable trials (all of them
// in a run without counted trials); counted over the counted ones (again
// all when there are none); any over every usable trial.
func (c scenarioCell) timed(f func(results.Metrics) (float64, bool)) (float64, bool) {
	return c.median(f, func(t results.Trial) bool { return !t.Counted || !c.hasCounted() })
}

func (c scenarioCell) counted(f func(results.Metrics) (float64, bool)) (float64, bool) {
	return c.median(f, func(t results.Trial) bool { return t.Counted || !c.hasCounted() })
}

func (c scenarioCell) any(f func(results.Metrics) (float64, bool)) (float64, bool) {
	return c.median(f, func(results.Trial) bool { return true })
}

func (c scenarioCell) hasCounted() bool {
	return slices.ContainsFunc(c.usable, func(t results.Trial) bool { return t.Counted })
}

// timedValues are f over the uncounted usable trials, as timed takes
// them: what a comparison of two cells reads.
func (c scenarioCell) timedValues(f func(results.Metrics) (float64, bool)) []float64 {
	return c.values(f, func(t results.Trial) bool { return !t.Counted || !c.hasCounted() })
}

func (c scenarioCell) median(f func(results.Metrics) (float64, bool), use func(results.Trial) bool) (float64, bool) {
	vals := c.values(f, use)
	if len(vals) == 0 {
		return 0, false
	}
	return analysis.Median(vals), true
}

func (c scenarioCell) values(f func(results.Metrics) (float64, bool), use func(results.Trial) bool) []float64 {
	var vals []float64
	for _, t := range c.usable {
		if !use(t) {
			continue
		}
		if v, ok := f(t.Metrics); ok {
			vals = append(vals, v)
		}
	}
	return vals
}

// compared states b's figure against a's as analysis.Compare judges the
// two cells' trials: the ratio with its 95% interval when the difference
// is significant, else that it is not, or that the trials are too few.
func compared(a, b scenarioCell, f func(results.Metrics) (float64, bool), what string) string {
	va, vb := a.timedValues(f), b.timedValues(f)
	if len(va) == 0 || len(vb) == 0 {
		return what + ": n/a"
	}
	c := analysis.Compare(va, vb)
	who := fmt.Sprintf("%s ÷ %s %s", b.Backend, a.Backend, what)
	switch {
	case c.Undecided() != "":
		return who + ": " + c.Undecided()
	case !c.Significant():
		return fmt.Sprintf("%s: no significant difference (p=%.2f, n=%d+%d)", who, c.P, c.N1, c.N2)
	}
	return fmt.Sprintf("%s %s (95%% CI %s–%s, p=%.3f)", who, ratioText(c.Ratio), ratioText(c.Lo), ratioText(c.Hi), c.P)
}

// perReq divides a backend counter by the window's requests.
func perReq(f func(m results.Metrics) uint64) func(results.Metrics) (float64, bool) {
	return func(m results.Metrics) (float64, bool) {
		if m.Requests == 0 {
			return 0, false
		}
		return float64(f(m)) / float64(m.Requests), true
	}
}

func field(f func(m results.Metrics) float64) func(results.Metrics) (float64, bool) {
	return func(m results.Metrics) (float64, bool) { return f(m), m.Requests > 0 }
}

// ScenarioSections builds the sections of the scenarios present in run.
func ScenarioSections(run *results.Run) []ScenarioSection {
	byName := map[string][]scenarioCell{}
	for _, c := range run.Cells {
		if IsScenario(c.Scenario) {
			byName[c.Scenario] = append(byName[c.Scenario], usableCell(c))
		}
	}
	var out []ScenarioSection
	for _, name := range scenarioOrder {
		cells := byName[name]
		if len(cells) == 0 {
			continue
		}
		out = append(out, buildSection(run, name, cells))
	}
	return out
}

func buildSection(run *results.Run, name string, cells []scenarioCell) ScenarioSection {
	switch name {
	case "churn":
		return churnSection(run, cells)
	case "bulk":
		return bulkSection(run, cells)
	case "heartbeat":
		return heartbeatSection(run, cells)
	}
	return allActiveSection(run, cells)
}

// largestShared finds a's and b's cells at the largest x where both have
// figures (ok), so a finding compares them at equal load.
func largestShared(cells []scenarioCell, x func(scenarioCell) int, ok func(scenarioCell) bool, a, b string) (ca, cb scenarioCell, found bool) {
	best := -1
	for _, c := range cells {
		if c.Backend != a || !ok(c) {
			continue
		}
		for _, d := range cells {
			if d.Backend == b && x(d) == x(c) && ok(d) && x(c) > best {
				best, ca, cb, found = x(c), c, d, true
			}
		}
	}
	return ca, cb, found
}

// fmtOr renders v or "n/a".
func fmtOr(v float64, ok bool) string {
	if !ok {
		return "n/a"
	}
	return FormatNumber(v)
}

// microsOr is a time given in µs, scaled (table.Micros), or "n/a".
func microsOr(v float64, ok bool) string {
	if !ok {
		return "n/a"
	}
	return table.Micros(v)
}

// boundMark marks a cell whose rate the generator set.
func boundMark(c scenarioCell, s string) string {
	if c.bound && s != "n/a" {
		return s + " ‡"
	}
	return s
}

const boundNote = "‡ the generator was saturated (loadgen-bound): the rate is a lower bound for the server."

func (s *ScenarioSection) addPoint(backend string, x float64, y float64, ok bool) {
	if !ok {
		return
	}
	if s.points == nil {
		s.points = map[string][]xy{}
	}
	s.points[backend] = append(s.points[backend], xy{x, y})
}

func (s *ScenarioSection) noteBound(cells []scenarioCell) {
	if slices.ContainsFunc(cells, func(c scenarioCell) bool { return c.bound }) {
		s.Notes = append(s.Notes, boundNote)
	}
	for _, c := range cells {
		if c.NA != "" {
			s.Notes = append(s.Notes, fmt.Sprintf("%s %s: n/a — %s", c.Backend, pointName(c), c.NA))
		}
	}
}

func pointName(c scenarioCell) string {
	if c.Scenario == "bulk" {
		return sizeName(c.MsgSize) + " replies"
	}
	return fmt.Sprintf("%s active", Thousands(int64(c.Active)))
}

// sizeName is 256 KiB, 4 MiB.
func sizeName(n int) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d B", n)
}
