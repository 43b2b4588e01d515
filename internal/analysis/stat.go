package analysis

import (
	"math"

	"golang.org/x/perf/benchmath"
)

// Confidence is the level of every interval the package computes, and
// Alpha the level below which a test's p-value counts as significant.
// DefaultMargin is how much better a win, or worse a regression, must be:
// 10%.
const (
	Confidence    = 0.95
	Alpha         = 1 - Confidence
	DefaultMargin = 0.10
)

// Stat summarises one metric of one cell over its valid trials.
type Stat struct {
	N                int
	Median, Min, Max float64
	// Values are the trials' figures, ascending: what a significance test
	// or a fit reads.
	Values []float64
	// Pool, for a latency percentile read from the cell's pooled histogram
	// (pool.go), says how many samples it rests on; Median is then the
	// pooled figure. Nil for every other figure.
	Pool *Pool
	// NA says why there is no figure (cell could not run, every trial
	// flagged, metric not observable); it is empty when N > 0.
	NA string
}

// OK reports whether the stat holds a figure.
func (s Stat) OK() bool { return s.N > 0 }

// newStat summarises values (which it sorts in place).
func newStat(values []float64) Stat {
	sample := benchmath.NewSample(values, &benchmath.DefaultThresholds)
	return Stat{N: len(values), Median: sampleMedian(sample), Min: values[0], Max: values[len(values)-1], Values: values}
}

// Median is the sample median as benchstat computes it (the middle value,
// or the mean of the middle two for an even count); NaN for no values.
// values is not modified.
func Median(values []float64) float64 {
	if len(values) == 0 {
		return math.NaN()
	}
	return sampleMedian(benchmath.NewSample(append([]float64(nil), values...), &benchmath.DefaultThresholds))
}

func sampleMedian(s *benchmath.Sample) float64 {
	return benchmath.AssumeNothing.Summary(s, Confidence).Center
}
