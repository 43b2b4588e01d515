package analysis

import (
	"slices"

	"github.com/muxbench/muxbench/internal/results"
)

// ObsOf is a backend's figures of one metric in a group, one observation
// per valid trial, against the cell's idle count.
func ObsOf(g Group, backend, metric string) []Obs {
	var obs []Obs
	for _, c := range g.Cells {
		if c.Backend != backend {
			continue
		}
		for _, v := range c.Stat(metric).Values {
			obs = append(obs, Obs{X: float64(c.Idle), Y: v})
		}
	}
	return obs
}

// TrialObs pairs two metrics trial by trial: (x, y) of every valid trial
// of cells that gives both from its sources, e.g. CPU per request against
// the fds scanned per request, whose slope is the cost of one watched fd
// per wakeup.
func TrialObs(cells []results.Cell, x, y Metric) []Obs {
	var obs []Obs
	for _, c := range cells {
		counted := slices.ContainsFunc(c.Trials, func(t results.Trial) bool { return t.Counted })
		for _, t := range c.Trials {
			if !x.Keeps(t) || !y.Keeps(t) || !x.Source.Uses(t, counted) || !y.Source.Uses(t, counted) {
				continue
			}
			vx, whyX := x.Value(t)
			vy, whyY := y.Value(t)
			if whyX == "" && whyY == "" {
				obs = append(obs, Obs{X: vx, Y: vy})
			}
		}
	}
	return obs
}

// FdCost is the slope of CPU µs per request against fds scanned per
// request, in ns: what one watched fd costs per wakeup, with its
// interval and the range of fds scanned it was fitted on.
type FdCost struct {
	Ns, Lo, Hi     float64
	FromFds, ToFds float64
	Trials         int
}

// FdCostOf reads a line fitted on (fds scanned/req, CPU µs/req).
func FdCostOf(l Line) FdCost {
	return FdCost{Ns: l.B * 1e3, Lo: l.BLo * 1e3, Hi: l.BHi * 1e3, FromFds: l.XMin, ToFds: l.XMax, Trials: l.N}
}
