package analysis

import (
	"errors"
	"math"
	"slices"
	"sort"

	"github.com/aclements/go-moremath/stats"
	"golang.org/x/perf/benchmath"
)

// Obs is one valid trial's figure Y at X: idle connections, or the fds
// the backend scanned per request.
type Obs struct{ X, Y float64 }

// Line is a robust straight-line fit Y = A + B·X (Theil–Sen): B is the
// median of the slopes between every two observations at different X,
// the line passes through the centre (XC, C) with C the median of
// Y − B·(X − XC). It describes the range it was fitted on, XMin to XMax.
type Line struct {
	A, B float64
	// BLo and BHi bound the slope at Confidence: Sen's (1968)
	// distribution-free interval, the order statistics of the pairwise
	// slopes that Kendall's test of "slope = B" would not reject.
	BLo, BHi float64
	// XC is the median X; C the line's value there.
	XC, C      float64
	XMin, XMax float64
	// Levels is how many distinct X values were fitted, N how many
	// observations.
	Levels, N int
	obs       []Obs
	slopes    []float64 // sorted pairwise slopes
}

// ErrTooFew is returned for a fit without two distinct X values and
// three observations.
var ErrTooFew = errors.New("too few observations for a line (need two idle counts and three trials)")

// FitLine fits obs (left unmodified) with Theil–Sen.
func FitLine(obs []Obs) (Line, error) {
	obs = slices.Clone(obs)
	sort.Slice(obs, func(i, j int) bool { return obs[i].X < obs[j].X })
	l := Line{obs: obs, N: len(obs), Levels: levels(obs)}
	if l.Levels < 2 || l.N < 3 {
		return Line{}, ErrTooFew
	}
	for i := range obs {
		for j := i + 1; j < len(obs); j++ {
			if obs[j].X != obs[i].X {
				l.slopes = append(l.slopes, (obs[j].Y-obs[i].Y)/(obs[j].X-obs[i].X))
			}
		}
	}
	sort.Float64s(l.slopes)
	l.B = Median(l.slopes)
	l.BLo, l.BHi = l.SlopeInterval(Confidence)
	l.XMin, l.XMax = obs[0].X, obs[len(obs)-1].X
	xs := make([]float64, len(obs))
	for i, o := range obs {
		xs[i] = o.X
	}
	l.XC = Median(xs)
	l.C = Median(l.residuals())
	l.A = l.C - l.B*l.XC
	return l, nil
}

func levels(sorted []Obs) int {
	n := 0
	for i, o := range sorted {
		if i == 0 || o.X != sorted[i-1].X {
			n++
		}
	}
	return n
}

// residuals are Y − B·(X − XC): each observation moved to the centre.
func (l Line) residuals() []float64 {
	r := make([]float64, len(l.obs))
	for i, o := range l.obs {
		r[i] = o.Y - l.B*(o.X-l.XC)
	}
	return r
}

// At is the line's value at x.
func (l Line) At(x float64) float64 { return l.C + l.B*(x-l.XC) }

// SlopeInterval is Sen's interval for the slope at the given confidence:
// the pairwise slopes ranked, and those within z·σ(S) of the middle kept,
// σ(S) the standard deviation of Kendall's S. σ² is the larger of its
// value for trials whose noise does not depend on N (with tied X, several
// trials at one idle count) and the jackknife estimate at the fitted
// slope, which still holds when the noise grows with the figure, as CPU
// time's does. Fitted on two idle counts only, the slopes are the
// differences between two samples and the interval is the exact one that
// goes with the Mann–Whitney test (Moses), the jackknife being too rough
// for so few trials. ±Inf when the observations are too few.
func (l Line) SlopeInterval(confidence float64) (lo, hi float64) {
	if l.Levels == 2 {
		runs := tieRuns(l.obs)
		u := criticalU(int(runs[0]), int(runs[1]), 1-confidence)
		if u < 0 {
			return math.Inf(-1), math.Inf(1)
		}
		return l.slopes[u], l.slopes[len(l.slopes)-1-u]
	}
	ca := stats.StdNormal.InvCDF((1+confidence)/2) * math.Sqrt(max(l.nullVarS(), l.jackknifeVarS()))
	m := float64(len(l.slopes))
	lower := int(math.Floor((m - ca) / 2)) // 1-based rank of the lower limit
	upper := int(math.Ceil((m+ca)/2)) + 1  // 1-based rank of the upper limit
	lo, hi = math.Inf(-1), math.Inf(1)
	if lower >= 1 {
		lo = l.slopes[lower-1]
	}
	if upper <= len(l.slopes) {
		hi = l.slopes[upper-1]
	}
	return lo, hi
}

// nullVarS is Var(S) for independent, identically distributed noise,
// corrected for ties in X.
func (l Line) nullVarS() float64 {
	n := float64(l.N)
	v := n * (n - 1) * (2*n + 5)
	for _, t := range tieRuns(l.obs) {
		v -= t * (t - 1) * (2*t + 5)
	}
	return v / 18
}

// jackknifeVarS is the jackknife variance of Kendall's S between X and the
// residuals Y − B·X: n(n−1)/(n−2)² · Σ (S_i − 2S/n)², S_i being the
// observation i's own sum of pair signs.
func (l Line) jackknifeVarS() float64 {
	n := len(l.obs)
	if n < 3 {
		return 0
	}
	si := make([]float64, n)
	s := 0.0
	for i, a := range l.obs {
		for j := i + 1; j < n; j++ {
			b := l.obs[j]
			h := sign(b.X-a.X) * sign((b.Y-l.B*b.X)-(a.Y-l.B*a.X))
			si[i] += h
			si[j] += h
			s += h
		}
	}
	sum := 0.0
	for _, v := range si {
		d := v - 2*s/float64(n)
		sum += d * d
	}
	nf := float64(n)
	return nf * (nf - 1) / ((nf - 2) * (nf - 2)) * sum
}

func sign(v float64) float64 {
	switch {
	case v > 0:
		return 1
	case v < 0:
		return -1
	}
	return 0
}

// tieRuns are the sizes of the groups of equal X.
func tieRuns(sorted []Obs) []float64 {
	var runs []float64
	for i := 0; i < len(sorted); {
		j := i
		for j < len(sorted) && sorted[j].X == sorted[i].X {
			j++
		}
		runs = append(runs, float64(j-i))
		i = j
	}
	return runs
}

// Band bounds the line's value at x at the given joint confidence: the
// centre's interval (benchmath's median interval of the residuals) and the
// slope's, each at (1+confidence)/2 so that both hold together at least at
// confidence. Where the median interval is infinite (few trials) the
// residuals' range stands in for it.
func (l Line) Band(x, confidence float64) (lo, hi float64) {
	each := (1 + confidence) / 2
	bLo, bHi := l.SlopeInterval(each)
	cLo, cHi := l.centreInterval(each)
	d := x - l.XC
	switch {
	case d == 0:
		return cLo, cHi
	case d < 0:
		bLo, bHi = bHi, bLo
	}
	return cLo + bLo*d, cHi + bHi*d
}

func (l Line) centreInterval(confidence float64) (lo, hi float64) {
	r := l.residuals()
	s := benchmath.AssumeNothing.Summary(benchmath.NewSample(r, &benchmath.DefaultThresholds), confidence)
	if math.IsInf(s.Lo, 0) || math.IsInf(s.Hi, 0) {
		return r[0], r[len(r)-1] // sorted by NewSample
	}
	return s.Lo, s.Hi
}
