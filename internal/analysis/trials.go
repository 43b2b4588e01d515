package analysis

import (
	"sync"

	"golang.org/x/perf/benchmath"
)

// maxTrials bounds the search for MinTrials; far beyond any real need.
const maxTrials = 50

var minTrialsCache sync.Map

// MinTrials is the fewest trials per side with which the Mann–Whitney
// test can be significant at Alpha: 4 at 0.05 (with 3 per side the
// smallest two-sided p is 0.10, however far apart the trials lie).
func MinTrials() int { return minTrials(Alpha) }

func minTrials(alpha float64) int {
	if n, ok := minTrialsCache.Load(alpha); ok {
		return n.(int)
	}
	n := 1
	for n < maxTrials && !canDecide(n, n, alpha) {
		n++
	}
	minTrialsCache.Store(alpha, n)
	return n
}

// CanDecide reports whether samples of n1 and n2 trials can reach
// significance at Alpha at all: benchmath's test of two samples that do
// not overlap, the most extreme case, is significant.
func CanDecide(n1, n2 int) bool { return canDecide(n1, n2, Alpha) }

func canDecide(n1, n2 int, alpha float64) bool {
	if n1 < 1 || n2 < 1 {
		return false
	}
	a, b := make([]float64, n1), make([]float64, n2)
	for i := range a {
		a[i] = float64(i)
	}
	for j := range b {
		b[j] = float64(n1 + j)
	}
	sa := benchmath.NewSample(a, &benchmath.DefaultThresholds)
	sb := benchmath.NewSample(b, &benchmath.DefaultThresholds)
	return benchmath.AssumeNothing.Compare(sa, sb).P <= alpha
}
