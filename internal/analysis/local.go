package analysis

import (
	"slices"
	"sort"
)

// DefaultSpan is how far around a point FitNear reaches beyond the two
// idle counts that bracket it: a factor of 2 on the (1 + N) scale.
const DefaultSpan = 2.0

// FitNear fits a line on the observations around x only, so the slope
// near a crossover is not the slope far beyond it (poll's cost per idle fd
// grows with N as its fds stop fitting in cache). It keeps the idle counts
// that bracket x (the two nearest when x lies outside the data; both
// neighbours when x is one of them) and every other idle count within a
// factor span of x on the (1 + N) scale.
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

// nearLevels picks the levels FitNear fits on.
func nearLevels(levels []float64, x, span float64) []float64 {
	if len(levels) <= 2 {
		return levels
	}
	i := sort.SearchFloat64s(levels, x) // first level ≥ x
	lo, hi := i-1, i
	switch {
	case i == 0:
		lo, hi = 0, 1
	case i == len(levels):
		lo, hi = i-2, i-1
	case levels[i] == x:
		lo, hi = max(i-1, 0), min(i+1, len(levels)-1)
	}
	var keep []float64
	for j, l := range levels {
		f := (1 + l) / (1 + x)
		if (j >= lo && j <= hi) || (f >= 1/span && f <= span) {
			keep = append(keep, l)
		}
	}
	return keep
}
