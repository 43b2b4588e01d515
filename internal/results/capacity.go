package results

import "time"

// Capacity is the run's capacity curve: per backend × idle count, the
// highest offered rate at which the corrected p99 stayed under the
// latency objective, found by a bounded search of short open-loop probes
// on the child and fleet of the last timed trial.
type Capacity struct {
	// ObjectiveUs is the p99 objective (µs); Active the connections the
	// rate is spread over; Window and Warmup each probe's (a probe at a
	// low rate is longer, for enough replies: CapacityProbe.Window).
	ObjectiveUs float64       `json:"objective_us"`
	Active      int           `json:"active"`
	Window      time.Duration `json:"window_ns"`
	Warmup      time.Duration `json:"warmup_ns"`
	// MinSamples is the replies a low-rate probe is lengthened for (up to
	// four Windows); MinRate and MaxRate bound the search, Probes the
	// probes a point may run.
	MinSamples int             `json:"min_samples,omitempty"`
	MinRate    float64         `json:"min_rate"`
	MaxRate    float64         `json:"max_rate"`
	Probes     int             `json:"probes"`
	Points     []CapacityPoint `json:"points"`
}

// CapacityPoint is one backend at one idle count: the capacity lies in
// [Met, Failed). Met is 0 when no rate down to MinRate met the objective,
// Failed 0 when every rate up to MaxRate did. NA says why the point was
// not searched (the cell could not run, the child failed).
type CapacityPoint struct {
	Backend string  `json:"backend"`
	Idle    int     `json:"idle"`
	Met     float64 `json:"met"`
	Failed  float64 `json:"failed,omitempty"`
	// GeneratorBound, when set, is the rate whose probe failed with the
	// generator 95% busy or more: the search stopped there, as the
	// generator, not the backend, set the limit; the capacity is Met or
	// more.
	GeneratorBound float64         `json:"generator_bound,omitempty"`
	NA             string          `json:"na,omitempty"`
	Probes         []CapacityProbe `json:"probes,omitempty"`
}

// CapacityProbe is one probe: the offered and achieved rates, its window
// and the replies in it, the corrected p99 and the generator's send lag
// p99 (µs), and whether it met the objective (Why says what failed).
// Repeat counts the probes at the same rate before this one: a rate
// whose p99 missed the objective is probed again, up to twice, and is
// met when one of its probes meets it.
type CapacityProbe struct {
	Rate     float64       `json:"rate"`
	Window   time.Duration `json:"window_ns"`
	Samples  uint64        `json:"samples"`
	Achieved float64       `json:"achieved"`
	P99Us    float64       `json:"p99_us"`
	LagP99Us float64       `json:"lag_p99_us"`
	// LoadgenBusyPct is the generator's CPU over the probe's window, in
	// percent of its CPU.
	LoadgenBusyPct float64 `json:"loadgen_busy_pct,omitempty"`
	Repeat         int     `json:"repeat,omitempty"`
	Met            bool    `json:"met"`
	Why            string  `json:"why,omitempty"`
}
