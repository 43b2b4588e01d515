package analysis

import (
	"math"

	"github.com/aclements/go-moremath/stats"
	"golang.org/x/perf/benchmath"
)

// Pair is one paired round: A's and B's figure from two trials run one
// right after the other, so that what drifts with time (another
// process's load, the CPU's clock) moves both alike.
type Pair struct{ A, B float64 }

// PairedAt compares paired rounds: B ÷ A is the median of the rounds'
// ratios b/a, with benchmath's distribution-free interval for a median
// (the order statistics the sign test would not reject), at confidence;
// P is the two-sided sign test's. The rounds' ratios cancel a drift both
// trials of a round share, which the unpaired Mann–Whitney test counts as
// noise. A and B summarise each side alone. Pairs holding a value ≤ 0 are
// compared as differences relative to A's median.
func PairedAt(pairs []Pair, confidence float64) Comparison {
	a, b := make([]float64, len(pairs)), make([]float64, len(pairs))
	for i, p := range pairs {
		a[i], b[i] = p.A, p.B
	}
	alpha := 1 - confidence
	c := Comparison{N1: len(pairs), N2: len(pairs), Need: pairedNeed(alpha), Paired: true, Confidence: confidence}
	c.Enough = len(pairs) >= c.Need
	c.A = benchmath.AssumeNothing.Summary(benchmath.NewSample(a, &benchmath.DefaultThresholds), confidence)
	c.B = benchmath.AssumeNothing.Summary(benchmath.NewSample(b, &benchmath.DefaultThresholds), confidence)
	logs := positive(a) && positive(b)
	d := make([]float64, len(pairs))
	for i, p := range pairs {
		d[i] = p.B - p.A
		if logs {
			d[i] = math.Log(p.B / p.A)
		}
	}
	c.P = signTestP(d)
	s := benchmath.AssumeNothing.Summary(benchmath.NewSample(d, &benchmath.DefaultThresholds), confidence)
	if logs {
		c.Ratio, c.Lo, c.Hi = math.Exp(s.Center), math.Exp(s.Lo), math.Exp(s.Hi)
	} else {
		c.Ratio, c.Lo, c.Hi = relative(s.Center, c.A.Center), relative(s.Lo, c.A.Center), relative(s.Hi, c.A.Center)
	}
	return c
}

// pairedNeed is the fewest rounds with which the sign test can be
// significant at alpha: 6 at 0.05, 8 at 0.01.
func pairedNeed(alpha float64) int {
	n := 1
	for n < maxTrials && 2*math.Pow(0.5, float64(n)) > alpha {
		n++
	}
	return n
}

// signTestP is the two-sided sign test of "median 0" on d: ties (zeros)
// are left out, and P is twice the binomial tail of the rarer sign.
func signTestP(d []float64) float64 {
	pos, neg := 0, 0
	for _, v := range d {
		switch {
		case v > 0:
			pos++
		case v < 0:
			neg++
		}
	}
	if pos+neg == 0 {
		return 1
	}
	tail := stats.BinomialDist{N: pos + neg, P: 0.5}.CDF(float64(min(pos, neg)))
	return min(1, 2*tail)
}
