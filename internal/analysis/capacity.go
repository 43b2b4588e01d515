package analysis

import "math"

// The capacity curve is what wrk2 users ask of a server: the highest
// offered rate at which the p99 stays under a latency objective. It is
// found per backend and idle count by a bounded search over open-loop
// probes; this file holds the search, the caller runs the probes.

// CapacityConfig bounds one capacity search.
type CapacityConfig struct {
	// Start is the first rate probed; MinRate and MaxRate bound the
	// search, and Probes the probes it may run (each a short open-loop
	// window).
	Start, MinRate, MaxRate float64
	Probes                  int
}

// CapacityProber runs one probe at rate and reports whether the
// objective held (p99 under it, the rate achieved, no errors); an error
// ends the search with what it found so far.
type CapacityProber func(rate float64) (ok bool, err error)

// CapacityBracket is what a search found: the highest rate that held
// (Met; 0 when none did, down to MinRate) and the lowest that failed
// (Failed; 0 when none did, up to MaxRate). The capacity lies in
// [Met, Failed).
type CapacityBracket struct {
	Met, Failed float64
	Probes      int
}

// SearchCapacity brackets the capacity: from Start it doubles while the
// objective holds (halves while it fails) until a probe changes the
// answer or a bound is reached, then bisects the bracket on the log scale
// with the probes left. A probe that fails above one that held is taken
// as it comes: latency noise can make the curve non-monotonic, and the
// bracket then reports the first crossing found.
func SearchCapacity(c CapacityConfig, probe CapacityProber) (CapacityBracket, error) {
	var b CapacityBracket
	run := func(rate float64) (bool, error) {
		b.Probes++
		ok, err := probe(rate)
		if err == nil {
			if ok && rate > b.Met {
				b.Met = rate
			}
			if !ok && (b.Failed == 0 || rate < b.Failed) {
				b.Failed = rate
			}
		}
		return ok, err
	}
	if err := bracketCapacity(c, run, &b); err != nil {
		return b, err
	}
	for b.Probes < c.Probes && b.Met > 0 && b.Failed > 0 && b.Failed/b.Met > 1.05 {
		if _, err := run(math.Sqrt(b.Met * b.Failed)); err != nil {
			return b, err
		}
	}
	return b, nil
}

// bracketCapacity doubles or halves from Start until the objective's
// answer changes, a bound is reached or the probes run out.
func bracketCapacity(c CapacityConfig, run func(float64) (bool, error), b *CapacityBracket) error {
	rate := math.Min(math.Max(c.Start, c.MinRate), c.MaxRate)
	first, err := run(rate)
	if err != nil {
		return err
	}
	for b.Probes < c.Probes {
		next := rate * 2
		if !first {
			next = rate / 2
		}
		if next > c.MaxRate || next < c.MinRate {
			return nil
		}
		rate = next
		ok, err := run(rate)
		if err != nil || ok != first {
			return err
		}
	}
	return nil
}
