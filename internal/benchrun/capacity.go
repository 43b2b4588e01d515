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
// p99 objective, one connection, at most eight probes of 500 ms (up to 2 s
// below 1,000 req/s, for 500 replies) after 50 ms of warm-up, rates from
// 250 to 256,000 req/s: from 2,000, eight doublings reach the top (with
// the CPUs' idle loops polling every point but poll's at 19,800 idle met
// 32,000, the fifth). 500 ms, not less: this project's VMs stall a CPU for
// 1-4 ms now and then, and at 16,000 req/s one 4 ms stall is 2% of a
// 200 ms probe's replies, a missed p99 whatever the backend; it is 0.8% of
// 500 ms.
var DefaultCapacity = CapacitySpec{
	Objective: time.Millisecond, Active: 1, Window: 500 * time.Millisecond, Warmup: 50 * time.Millisecond,
	Probes: 8, MinRate: 250, MaxRate: 256000, MinSamples: 500,
}

// on reports whether the profile searches the capacity.
func (c CapacitySpec) on() bool { return c.Probes > 0 && c.Objective > 0 && c.Window > 0 }

// capacityRateShare is the share of the offered rate a probe must achieve
// to meet the objective, as the rate-short gate asks of an open-loop cell.
const capacityRateShare = 0.95

// whyP99 is the failure a repeated probe can undo.
const whyP99 = "p99 over the objective"

// whyGeneratorBound is the failure the generator made: it was 95% busy or
// more (loadgenBound), so a rate not achieved or a p99 over the objective
// is its queueing, not the backend's, and the search goes no higher.
const whyGeneratorBound = "generator-bound"

// probeMet judges one probe against the objective: errors, a rate not
// achieved, or a p99 at or above the objective fail it; the last two are
// the generator's when it was saturated.
func probeMet(p *results.CapacityProbe, objectiveUs float64, errors uint64) {
	achieved := p.Achieved >= capacityRateShare*p.Rate
	switch {
	case errors > 0:
		p.Why = "errors"
	case achieved && p.P99Us < objectiveUs:
		p.Met = true
	case loadgenBound(p.LoadgenBusyPct):
		p.Why = whyGeneratorBound
	case !achieved:
		p.Why = "rate not achieved"
	default:
		p.Why = whyP99
	}
}

// maxRepeats is how many times a rate whose p99 missed is probed again.
const maxRepeats = 2

// repeats reports whether a probe's rate is probed again: only after a
// p99 over the objective, at most maxRepeats times. On this project's VMs
// the machine itself stalls a CPU for 1-5 ms now and then (a bare spinning
// thread sees it; so does the generator's send lag), and such a stall
// puts a few percent of a probe's replies past 1 ms whatever the backend:
// 7 of 24 first probes of 500 ms at 2,000-32,000 req/s missed on a quiet
// machine, 6 of them at rates the backend met on the next probe. A rate beyond the
// backend's capacity misses on every probe: its queue only grows.
func repeats(p results.CapacityProbe) bool { return !p.Met && p.Why == whyP99 && p.Repeat < maxRepeats }
