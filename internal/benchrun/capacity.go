package benchrun

import (
	"time"

	"github.com/muxbench/muxbench/internal/results"
)

// CapacitySpec sizes the capacity search of a profile (the zero value
// turns it off): per backend × idle count, the highest offered rate at
// which the p99 stays under Objective, from Probes short open-loop probes
// of Window (after Warmup) over Active connections, between MinRate and
// MaxRate, starting at the profile's Rate.
type CapacitySpec struct {
	Objective        time.Duration
	Active           int
	Window, Warmup   time.Duration
	Probes           int
	MinRate, MaxRate float64
	// MinSamples lengthens a probe at a low rate, up to four Windows,
	// until it holds that many replies: a p99 of 50 samples is their
	// largest but one.
	MinSamples int
}

// probeWindow is the window of a probe at rate.
func (c CapacitySpec) probeWindow(rate float64) time.Duration {
	if c.MinSamples <= 0 || rate <= 0 {
		return c.Window
	}
	need := time.Duration(float64(c.MinSamples) / rate * float64(time.Second))
	return max(c.Window, min(4*c.Window, need))
}

// DefaultCapacity is the search the default and quick profiles run: a 1 ms
// p99 objective, one connection, at most five probes of 200 ms (up to
// 800 ms below 2,500 req/s, for 500 replies) after 50 ms of warm-up (about
// 40 s over the default matrix), rates from 250 to 256,000 req/s.
var DefaultCapacity = CapacitySpec{
	Objective: time.Millisecond, Active: 1, Window: 200 * time.Millisecond, Warmup: 50 * time.Millisecond,
	Probes: 5, MinRate: 250, MaxRate: 256000, MinSamples: 500,
}

// on reports whether the profile searches the capacity.
func (c CapacitySpec) on() bool { return c.Probes > 0 && c.Objective > 0 && c.Window > 0 }

// capacityRateShare is the share of the offered rate a probe must achieve
// to meet the objective, as the rate-short gate asks of an open-loop cell.
const capacityRateShare = 0.95

// probeMet judges one probe against the objective: errors, a rate not
// achieved, or a p99 at or above the objective fail it.
func probeMet(p *results.CapacityProbe, objectiveUs float64, errors uint64) {
	switch {
	case errors > 0:
		p.Why = "errors"
	case p.Achieved < capacityRateShare*p.Rate:
		p.Why = "rate not achieved"
	case p.P99Us >= objectiveUs:
		p.Why = "p99 over the objective"
	default:
		p.Met = true
	}
}
