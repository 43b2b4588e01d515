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
// per wakeup. A trial's x is the median x of the trials at its idle
// count, so that a slope is taken between idle counts only: the trials of
// one idle count scan the same fds per request to a millionth (4.0003),
// and a slope across that difference is y's noise over nothing. Fitted
// per trial, poll's 39 crossover trials at idle 1 made half the pairs of
// its fit over idle 1–1,000 such slopes, and its cost per watched fd per
// wakeup 1,310,207 ns (139 to 21,988,157) against 144 ns over idle
// 0–1,000, where idle 0's trials dilute them.
func TrialObs(cells []results.Cell, x, y Metric) []Obs {
	var idles []int
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
				idles, obs = append(idles, c.Idle), append(obs, Obs{X: vx, Y: vy})
			}
		}
	}
	return tieByIdle(idles, obs)
}

// tieByIdle sets each observation's X to the median X of the observations
// at its idle count (idles[i] is obs[i]'s).
func tieByIdle(idles []int, obs []Obs) []Obs {
	xs := map[int][]float64{}
	for i, o := range obs {
		xs[idles[i]] = append(xs[idles[i]], o.X)
	}
	for i := range obs {
		obs[i].X = Median(xs[idles[i]])
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
