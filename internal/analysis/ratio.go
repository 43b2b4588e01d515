package analysis

import (
	"math"
	"slices"
	"sort"
	"sync"

	"github.com/aclements/go-moremath/stats"
)

// ratioInterval estimates B ÷ A with the interval that goes with the
// Mann–Whitney test: the Hodges–Lehmann shift between the samples and its
// distribution-free interval (Moses), on the logarithms when every value
// is positive, so the shift is a ratio. A sample holding zero or negative
// values is compared on its raw values and the shift taken relative to
// A's median medA.
func ratioInterval(a, b []float64, medA, alpha float64) (ratio, lo, hi float64) {
	if positive(a) && positive(b) {
		est, l, h := shiftInterval(logs(a), logs(b), alpha)
		return math.Exp(est), math.Exp(l), math.Exp(h)
	}
	est, l, h := shiftInterval(a, b, alpha)
	return relative(est, medA), relative(l, medA), relative(h, medA)
}

func positive(v []float64) bool {
	return !slices.ContainsFunc(v, func(x float64) bool { return !(x > 0) })
}

func logs(v []float64) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = math.Log(x)
	}
	return out
}

// relative turns a shift into a ratio to base; from a base of 0 any rise
// is +Inf and any fall −Inf.
func relative(shift, base float64) float64 {
	switch {
	case base > 0:
		return 1 + shift/base
	case shift > 0 || math.IsInf(shift, 1):
		return math.Inf(1)
	case shift < 0:
		return math.Inf(-1)
	}
	return 1
}

// shiftInterval is the median of the pairwise differences b_j − a_i and
// the interval between the (u+1)-th and (m−u)-th smallest of the m
// differences, u being the largest count with P(U ≤ u) ≤ alpha/2 under
// the null hypothesis: the shifts the two-sided test would not reject.
// With too few values for such a u, the interval is infinite.
func shiftInterval(a, b []float64, alpha float64) (est, lo, hi float64) {
	diffs := make([]float64, 0, len(a)*len(b))
	for _, x := range a {
		for _, y := range b {
			diffs = append(diffs, y-x)
		}
	}
	sort.Float64s(diffs)
	est = Median(diffs)
	u := criticalU(len(a), len(b), alpha)
	if u < 0 {
		return est, math.Inf(-1), math.Inf(1)
	}
	return est, diffs[u], diffs[len(diffs)-1-u]
}

var criticalCache sync.Map

// criticalU is the largest u with P(U ≤ u) ≤ alpha/2 for the Mann–Whitney
// U of samples of n1 and n2 without ties, or −1 if even P(U = 0) is
// larger. It uses the exact distribution up to go-moremath's exact limit
// and the normal approximation (with continuity correction) above it.
func criticalU(n1, n2 int, alpha float64) int {
	type key struct {
		n1, n2 int
		alpha  float64
	}
	k := key{min(n1, n2), max(n1, n2), alpha}
	if u, ok := criticalCache.Load(k); ok {
		return u.(int)
	}
	var u int
	if n1 <= stats.MannWhitneyExactLimit && n2 <= stats.MannWhitneyExactLimit {
		dist := stats.UDist{N1: n1, N2: n2}
		// The number of u in [0, n1·n2/2] with CDF(u) ≤ alpha/2, found by
		// bisection as CDF is increasing.
		u = sort.Search(n1*n2/2+1, func(u int) bool { return dist.CDF(float64(u)) > alpha/2 }) - 1
	} else {
		m := float64(n1 * n2)
		sigma := math.Sqrt(m * float64(n1+n2+1) / 12)
		u = int(math.Floor(m/2 - 0.5 + stats.StdNormal.InvCDF(alpha/2)*sigma))
	}
	criticalCache.Store(k, u)
	return u
}
