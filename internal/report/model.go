package report

import (
	"errors"
	"slices"
	"sort"

	"github.com/muxbench/muxbench/internal/analysis"
	"github.com/muxbench/muxbench/internal/results"
)

// fitSet is what the cost model of one mode and active count is fitted
// on: every valid trial of the sweep's cells and of the crossover probes,
// by backend.
type fitSet struct {
	mode   string
	active int
	cells  map[string][]results.Cell
}

// fitSets groups the run's idle-sweep and probe cells by mode and active
// count, in the sweep's group order.
func fitSets(run *results.Run, groups []analysis.Group) []fitSet {
	var out []fitSet
	for _, g := range groups {
		if slices.ContainsFunc(out, func(f fitSet) bool { return f.mode == g.Mode && f.active == g.Active }) {
			continue
		}
		f := fitSet{mode: g.Mode, active: g.Active, cells: map[string][]results.Cell{}}
		for _, c := range run.Cells {
			if c.Mode == g.Mode && c.Active == g.Active && (c.Scenario == g.Scenario || c.IsCrossover()) {
				f.cells[c.Backend] = append(f.cells[c.Backend], c)
			}
		}
		out = append(out, f)
	}
	return out
}

// obs are backend's valid figures of metric against the idle count.
func (f fitSet) obs(backend, metric string) []analysis.Obs {
	var out []analysis.Obs
	for _, c := range f.cells[backend] {
		for _, v := range analysis.Summarize(c).Stat(metric).Values {
			out = append(out, analysis.Obs{X: float64(c.Idle), Y: v})
		}
	}
	return out
}

// idles are the idle counts backend has figures at, ascending.
func (f fitSet) idles(backend, metric string) []float64 {
	var out []float64
	for _, o := range f.obs(backend, metric) {
		if !slices.Contains(out, o.X) {
			out = append(out, o.X)
		}
	}
	sort.Float64s(out)
	return out
}

// within are backend's cells whose idle count lies in [lo, hi].
func (f fitSet) within(backend string, lo, hi float64) []results.Cell {
	var out []results.Cell
	for _, c := range f.cells[backend] {
		if x := float64(c.Idle); x >= lo && x <= hi {
			out = append(out, c)
		}
	}
	return out
}

// costFit is one backend's local fit of CPU per request: against idle
// connections (B·1000 is ns per idle connection per request), and over
// the same cells against the fds scanned per request (ns per watched fd
// per wakeup; Err says why not, e.g. epoll scans only the ready fds).
type costFit struct {
	backend string
	active  int
	line    analysis.Line
	fd      analysis.FdCost
	fdErr   error
}

// fitCost fits backend's CPU per request near idle count x, within a
// factor span (analysis.FitNear).
func (f fitSet) fitCost(backend string, x, span float64) (costFit, error) {
	line, err := analysis.FitNear(f.obs(backend, cpuMetric), x, span)
	if err != nil {
		return costFit{}, err
	}
	c := costFit{backend: backend, active: f.active, line: line}
	fds, _ := analysis.MetricByName("fds_scanned_per_req")
	cpu, _ := analysis.MetricByName(cpuMetric)
	fdLine, err := analysis.FitLine(analysis.TrialObs(f.within(backend, line.XMin, line.XMax), fds, cpu))
	switch {
	case err != nil:
		c.fdErr = err
		return c, nil
	case fdLine.XMax-fdLine.XMin < minFdSpread:
		c.fdErr = errReadyOnly
		return c, nil
	}
	c.fd = analysis.FdCostOf(fdLine)
	return c, nil
}

// minFdSpread is the fewest fds scanned per request that must separate
// the fit's trials: epoll's count moves only by window-edge events.
const minFdSpread = 2

var errReadyOnly = errors.New("scans the ready fds only")

// The metrics the answer reads.
const (
	cpuMetric = "cpu_us_per_req"
	p99Metric = "p99_us"
)
