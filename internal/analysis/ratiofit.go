package analysis

import (
	"math"

	"golang.org/x/perf/benchmath"
)

// fitCentreConfidence is the level of the centre's interval in a RatioFit:
// above the 95% the answer states, since the slope is taken as fitted and
// its own uncertainty is covered by a wider centre (seeded runs hold N*
// in at least 95%; TestRatioFitCoverage).
const fitCentreConfidence = 0.99

// RatioFit is N* read off the search's paired rounds rather than off its
// decided points alone: the log of each round's ratio subject ÷ rival is
// fitted against N with Theil–Sen over the points of the bracket, and the
// line crosses log(1 − margin) at N. Lo–Hi map the interval of the line's
// centre (benchmath's median interval of the rounds moved along the
// slope) through the slope, within the bracket. It uses every round
// across the bracket, the unsettled points' too, so it is narrower than
// the bracket, which it never leaves; it holds while the ratio's
// logarithm is close to a straight line there.
type RatioFit struct {
	N, Lo, Hi float64
	// Rounds are the paired rounds fitted, at Points idle counts from
	// FromN to ToN.
	Rounds, Points int
	FromN, ToN     float64
}

// ratioFit fits the rounds of the points in [from, to]; false when they
// are too few, or the line's slope is not surely falling toward a win.
func (s *searcher) ratioFit(b bracket, from, to int) (RatioFit, bool) {
	obs, points := s.roundObs(b, from, to)
	l, err := FitLine(obs)
	if err != nil || !(l.BHi < 0) {
		return RatioFit{}, false
	}
	thr := math.Log(1 - s.cfg.Margin)
	c := benchmath.AssumeNothing.Summary(benchmath.NewSample(l.residuals(), &benchmath.DefaultThresholds), fitCentreConfidence)
	at := func(centre float64) float64 { return clampF(l.XC+(thr-centre)/l.B, float64(from), float64(to)) }
	// The slope is negative: a higher centre crosses later.
	return RatioFit{N: at(l.C), Lo: at(c.Lo), Hi: at(c.Hi), Rounds: l.N, Points: points, FromN: l.XMin, ToN: l.XMax}, true
}

// roundObs are the paired rounds' log ratios at the points in [from, to],
// a higher-is-better metric's turned around so that a win is a fall.
func (s *searcher) roundObs(b bracket, from, to int) ([]Obs, int) {
	sign := 1.0
	if !b.metric.LowerIsBetter {
		sign = -1
	}
	var obs []Obs
	points := 0
	for _, p := range b.probes {
		if p.N < from || p.N > to {
			continue
		}
		pairs := s.points[p.N].pairs[b.metric.Name]
		for _, pr := range pairs {
			if pr.A > 0 && pr.B > 0 {
				obs = append(obs, Obs{X: float64(p.N), Y: sign * math.Log(pr.B/pr.A)})
			}
		}
		if len(pairs) > 0 {
			points++
		}
	}
	return obs, points
}

// clampF bounds v to [lo, hi]; an infinite v lands on an end.
func clampF(v, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, v)) }
