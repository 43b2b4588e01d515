package analysis

import "slices"

// Projection is a fitted line's cost at one idle count, with its
// interval. Beyond the range the line was fitted on it is an
// extrapolation, the model's figure and not a measurement, and says so.
type Projection struct {
	N, Cost, Lo, Hi float64
	// Level is the interval's confidence: the centre's and the slope's
	// intervals (each at 97.5%) hold together at least at this.
	Level float64
	// Extrapolated is set when N lies outside FromN–ToN, the idle counts
	// the line was fitted on.
	Extrapolated bool
	FromN, ToN   float64
}

// Project is the line's cost at n.
func (l Line) Project(n float64) Projection {
	lo, hi := l.Band(n, Confidence)
	return Projection{N: n, Cost: l.At(n), Lo: lo, Hi: hi, Level: Confidence,
		Extrapolated: n < l.XMin || n > l.XMax, FromN: l.XMin, ToN: l.XMax}
}

// Extrapolate speaks past the machine's fd limit: it fits the trials near
// the largest idle count measured (where the cost per idle connection was
// last seen; FitNear) and projects the cost at each of ns, e.g. 100,000
// and 1,000,000 idle connections.
func Extrapolate(obs []Obs, ns ...float64) ([]Projection, Line, error) {
	if len(obs) == 0 {
		return nil, Line{}, ErrTooFew
	}
	top := slices.MaxFunc(obs, func(a, b Obs) int {
		switch {
		case a.X < b.X:
			return -1
		case a.X > b.X:
			return 1
		}
		return 0
	}).X
	l, err := FitNear(obs, top, DefaultSpan)
	if err != nil {
		return nil, Line{}, err
	}
	out := make([]Projection, len(ns))
	for i, n := range ns {
		out[i] = l.Project(n)
	}
	return out, l, nil
}
