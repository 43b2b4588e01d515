package analysis

import "github.com/muxbench/muxbench/internal/results"

// openOnly reads a percentile of an open-loop-only distribution of a
// trial (the uncorrected latency, the send lag); a closed-loop trial, or
// one from before the figure was kept, gives the reason instead.
func openOnly(dist func(results.Metrics) *results.Latency, pct func(results.Latency) float64) func(results.Metrics) (float64, string) {
	return func(m results.Metrics) (float64, string) {
		d := dist(m)
		if d == nil {
			if m.OfferedRate == 0 {
				return 0, "closed loop: latency runs from the send"
			}
			return 0, "not recorded"
		}
		return pct(*d), ""
	}
}

func p50(l results.Latency) float64 { return l.P50 }
func p99(l results.Latency) float64 { return l.P99 }
