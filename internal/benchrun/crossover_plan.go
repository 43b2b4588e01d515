package benchrun

import (
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/muxbench/muxbench/internal/analysis"
	"github.com/muxbench/muxbench/internal/results"
)

// sweepPair is one search's view of the sweep: the subject's and the
// rival's cells at the search's active count and mode, by idle count.
type sweepPair struct {
	subject, rival map[int]results.Cell
}

// pairOf picks the sweep cells a search starts from.
func pairOf(cells []results.Cell, scenario string, s CrossoverSpec) sweepPair {
	p := sweepPair{subject: map[int]results.Cell{}, rival: map[int]results.Cell{}}
	for _, c := range cells {
		if c.Scenario != scenario || c.Active != s.Active || c.Mode != s.Mode || c.Rival != "" {
			continue
		}
		switch c.Backend {
		case s.Subject:
			p.subject[c.Idle] = c
		case s.Rival:
			p.rival[c.Idle] = c
		}
	}
	return p
}

// idles are the idle counts both backends were laid out at, ascending.
func (p sweepPair) idles() []int {
	var out []int
	for n := range p.subject {
		if _, ok := p.rival[n]; ok {
			out = append(out, n)
		}
	}
	sort.Ints(out)
	return out
}

// known are the sweep's points for the search: at each idle count the
// two cells' timed trials, paired by trial index (the same pass), a
// flagged trial giving nothing; a cell that could not run makes the point
// one where that backend cannot run.
func (p sweepPair) known(metrics []analysis.Metric) []analysis.KnownPoint {
	var out []analysis.KnownPoint
	for _, n := range p.idles() {
		s, r := p.subject[n], p.rival[n]
		k := analysis.KnownPoint{N: n}
		switch {
		case r.NA != "":
			k.NA = fmt.Sprintf("%s cannot run at %d idle: %s", r.Backend, n, r.NA)
		case s.NA != "":
			k.NA = fmt.Sprintf("%s cannot run at %d idle: %s", s.Backend, n, s.NA)
		default:
			k.Subject, k.Rival = rounds(s, metrics), rounds(r, metrics)
		}
		out = append(out, k)
	}
	return out
}

// rounds are a cell's timed trials in index order, each as its figures
// by metric (nil when flagged).
func rounds(c results.Cell, metrics []analysis.Metric) []map[string]float64 {
	var timed []results.Trial
	for _, t := range c.Trials {
		if !t.Counted {
			timed = append(timed, t)
		}
	}
	slices.SortFunc(timed, func(a, b results.Trial) int { return a.Index - b.Index })
	out := make([]map[string]float64, len(timed))
	for i, t := range timed {
		out[i] = figures(t, metrics)
	}
	return out
}

// figures are a trial's values by each metric that keeps it (Metric.Keeps:
// a valid trial, or one flagged only loadgen-bound for a server cost); nil
// when none does.
func figures(t results.Trial, metrics []analysis.Metric) map[string]float64 {
	var v map[string]float64
	for _, m := range metrics {
		if !m.Keeps(t) {
			continue
		}
		if x, why := m.Value(t); why == "" {
			if v == nil {
				v = map[string]float64{}
			}
			v[m.Name] = x
		}
	}
	return v
}

// obs are a backend's valid timed figures of metric m over the sweep.
func obs(cells map[int]results.Cell, m analysis.Metric) []analysis.Obs {
	var out []analysis.Obs
	for n, c := range cells {
		for _, v := range analysis.Summarize(c).Stat(m.Name).Values {
			out = append(out, analysis.Obs{X: float64(n), Y: v})
		}
	}
	return out
}

// model is the cost model's N̂* for metric m from the sweep, where the
// search starts (0: no guess, with the reason).
func (p sweepPair) model(m analysis.Metric, margin float64, maxN int) (float64, *results.Prediction, string) {
	if !m.LowerIsBetter {
		return 0, nil, "the cost model fits lower-is-better metrics only"
	}
	pred, err := analysis.PredictCrossover(obs(p.subject, m), obs(p.rival, m), margin, float64(maxN))
	if err != nil {
		return 0, nil, err.Error()
	}
	rec := &results.Prediction{Kind: predictionKinds[pred.Kind], N: results.Finite(pred.N),
		Lo: results.Finite(pred.Lo), Hi: results.Finite(pred.Hi), Level: pred.Level}
	switch pred.Kind {
	case analysis.AlreadyBetter:
		return 1, rec, ""
	case analysis.Crosses:
		return math.Max(pred.N, 1), rec, ""
	}
	return 0, rec, ""
}

var predictionKinds = map[analysis.PredictionKind]string{
	analysis.Crosses: "crosses", analysis.AlreadyBetter: "already-better", analysis.NeverCrosses: "never-crosses",
}
