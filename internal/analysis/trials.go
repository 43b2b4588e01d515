package analysis

import (
	"sync"

	"golang.org/x/perf/benchmath"
)

// maxTrials bounds the search for MinTrials; far beyond any real need.
const maxTrials = 50

var minTrials = sync.OnceValue(func() int {
	for n := 1; n < maxTrials; n++ {
		if CanDecide(n, n) {
			return n
		}
	}
	return maxTrials
})

// MinTrials is the fewest trials per side with which the Mann–Whitney
// test can be significant at Alpha: 4 at 0.05 (with 3 per side the
// smallest two-sided p is 0.10, however far apart the trials lie).
func MinTrials() int { return minTrials() }

// CanDecide reports whether samples of n1 and n2 trials can reach
// significance at Alpha at all: benchmath's test of two samples that do
// not overlap, the most extreme case, is significant.
func CanDecide(n1, n2 int) bool {
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
	return benchmath.AssumeNothing.Compare(sa, sb).P <= Alpha
}
