package analysis

import (
	"math"
	"slices"
	"sort"
)

// DefaultSpan is how far around a point FitNear reaches beyond the two
// idle counts that bracket it: a factor of 2 on the (1 + N) scale.
const DefaultSpan = 2.0

// FitNear fits a line on the observations around x only, so the slope
// near a crossover is not the slope far beyond it (poll's cost per idle fd
// grows with N as its fds stop fitting in cache). It keeps the idle counts
// that bracket x (both neighbours when x is one of them), every other idle
// count within a factor span of x on the (1 + N) scale, and the nearest
// further ones until there are three: two alone give too rough a slope.
func FitNear(obs []Obs, x, span float64) (Line, error) {
	keep := nearLevels(distinctX(obs), x, span)
	var near []Obs
	for _, o := range obs {
		if slices.Contains(keep, o.X) {
			near = append(near, o)
		}
	}
	return FitLine(near)
}

// nearMinLevels is how many idle counts a local fit keeps at least.
const nearMinLevels = 3

func distinctX(obs []Obs) []float64 {
	var xs []float64
	for _, o := range obs {
		if !slices.Contains(xs, o.X) {
			xs = append(xs, o.X)
		}
	}
	sort.Float64s(xs)
	return xs
}

// nearLevels picks the levels FitNear fits on: a contiguous run of the
// sorted levels around x.
func nearLevels(levels []float64, x, span float64) []float64 {
	if len(levels) <= nearMinLevels {
		return levels
	}
	i := sort.SearchFloat64s(levels, x) // first level ≥ x
	lo, hi := max(i-1, 0), min(i, len(levels)-1)
	if i < len(levels) && levels[i] == x {
		hi = min(i+1, len(levels)-1)
	}
	dist := func(l float64) float64 { return math.Abs(math.Log((1 + l) / (1 + x))) }
	for lo > 0 && dist(levels[lo-1]) <= math.Log(span) {
		lo--
	}
	for hi < len(levels)-1 && dist(levels[hi+1]) <= math.Log(span) {
		hi++
	}
	for hi-lo+1 < nearMinLevels {
		if lo > 0 && (hi == len(levels)-1 || dist(levels[lo-1]) < dist(levels[hi+1])) {
			lo--
		} else {
			hi++
		}
	}
	return levels[lo : hi+1]
}
