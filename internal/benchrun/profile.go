package benchrun

import (
	"fmt"
	"sort"
	"time"

	"github.com/muxbench/muxbench/internal/registry"
)

// MaxIdle in a profile's idle list stands for the largest idle count the
// open-files limit allows (see Limits.MaxIdle).
const MaxIdle = -1

// AllBackends is the default backend order, the registry's: the order
// tables list them in and the order trials interleave.
var AllBackends = registry.Names()

// Profile is a named matrix with its timing. Flags override single fields.
type Profile struct {
	Name     string
	Backends []string
	Idle     []int
	Active   []int
	Modes    []string
	// Rate is the total offered rate of open-loop cells, requests/s.
	Rate     float64
	Duration time.Duration
	Warmup   time.Duration
	Trials   int
	MsgSize  int
	// Scenarios run, in AllScenarios order (none: the idle sweep only);
	// Sizes are the points of the non-idle ones.
	Scenarios []string
	Sizes     ScenarioSizes
	// ReferenceIdle, when set, are the only idle counts of the sweep at
	// which the reference backends (registry: c_epoll) run; at the others
	// their cells are n/a with that reason. Empty: every count.
	ReferenceIdle []int
	// MinPooled, when > 0, lengthens open-loop windows until a cell's
	// trials hold that many replies at the offered rate (openWindow).
	MinPooled int
	// Capacity sizes the capacity search (zero: none).
	Capacity CapacitySpec
	// Hiccup is how long a thread spins on each side's CPU at the run's
	// start and end to measure the machine's hiccups (zero: not measured).
	Hiccup time.Duration
	// Crossovers are the crossover searches run after the sweep, from
	// its cells: each needs its two backends, active count and mode in
	// the matrix.
	Crossovers []CrossoverSpec
}

// Profiles are sized for a 2-core machine: smoke < 1 min (tests, CI),
// quick ~2.5 min, default ~13 min (`make bench`: a sweep of about six
// minutes with the capacity search, then eight crossover searches, 50 s
// each in the closed loop and 25 s in the open one), crossover ~5 min
// (`bench crossover`), scenarios ~4 min, full (the sweep and every
// scenario) for a long run.
// The open-loop rate is one every backend sustains at the largest idle count
// on such a machine, so open-loop cells compare latency at equal load.
// Each cell also gets one counted trial (at most 500 ms) when perf works.
// default and scenarios give every cell five timed trials, so that a
// comparison can reach significance (benchmath needs four a side), with
// short windows (300 ms hold ~10,000 requests at one active connection;
// default's open-loop cells are sized to DefaultMinPooled replies);
// default's sweep is coarse (0, 100, 1,000, max idle) as the searches
// spend the time where N* is decided.
// Every backend is in every profile; the reference floor (c_epoll) runs in
// the sweep at DefaultReferenceIdle only, except in full, and its cells
// are n/a with the reason where its program is not built.
var Profiles = map[string]Profile{
	"smoke": {
		Name: "smoke", Backends: AllBackends, Idle: []int{0, 1000, 5000}, Active: []int{1},
		Modes: []string{"closed"}, Rate: 2000, Duration: 300 * time.Millisecond,
		Warmup: 100 * time.Millisecond, Trials: 1, MsgSize: 64, ReferenceIdle: DefaultReferenceIdle,
	},
	"quick": {
		Name: "quick", Backends: AllBackends, Idle: []int{0, 1000, 10000}, Active: []int{1, 16},
		Modes: []string{"closed", "open"}, Rate: 2000, Duration: 500 * time.Millisecond,
		Warmup: 200 * time.Millisecond, Trials: 2, MsgSize: 64, ReferenceIdle: DefaultReferenceIdle,
		Capacity: DefaultCapacity, Hiccup: DefaultHiccup,
	},
	"default": {
		Name: "default", Backends: AllBackends, Idle: []int{0, 100, 1000, MaxIdle},
		Active: []int{1, 16}, Modes: []string{"closed", "open"}, Rate: 2000,
		Duration: 300 * time.Millisecond, Warmup: 100 * time.Millisecond, Trials: 5, MsgSize: 64,
		MinPooled: DefaultMinPooled, ReferenceIdle: DefaultReferenceIdle, Capacity: DefaultCapacity, Hiccup: DefaultHiccup,
		Crossovers: append(HeadlinePairs("closed", 50*time.Second), HeadlinePairs("open", 25*time.Second)...),
	},
	// crossover is bench crossover's sweep: the pair at a few idle counts,
	// enough to fit the cost model its search starts from.
	"crossover": {
		Name: "crossover", Backends: []string{registry.EpollET, registry.Poll}, Idle: []int{0, 100, 1000, 10000, MaxIdle},
		Active: []int{1}, Modes: []string{"closed"}, Rate: 2000,
		Duration: 300 * time.Millisecond, Warmup: 100 * time.Millisecond, Trials: 5, MsgSize: 64,
		Crossovers: []CrossoverSpec{{Subject: registry.EpollET, Rival: registry.Poll, Active: 1, Mode: "closed",
			Metrics: DefaultCrossoverMetrics, Budget: 4 * time.Minute}},
		Hiccup: DefaultHiccup,
	},
	"full": {
		Name: "full", Backends: AllBackends,
		Idle:   []int{0, 10, 100, 500, 1000, 2000, 5000, 10000, 15000, MaxIdle},
		Active: []int{1, 4, 16, 64}, Modes: []string{"closed", "open"}, Rate: 2000,
		Duration: 2 * time.Second, Warmup: 500 * time.Millisecond, Trials: 5, MsgSize: 64,
		Scenarios: AllScenarios, Sizes: DefaultScenarioSizes,
		Crossovers: append(HeadlinePairs("closed", 3*time.Minute), HeadlinePairs("open", 3*time.Minute)...),
		Hiccup:     DefaultHiccup,
	},
	// scenario-smoke is every non-idle scenario at tiny sizes, for tests
	// (a few seconds per backend).
	"scenario-smoke": {
		Name: "scenario-smoke", Backends: AllBackends, Idle: []int{0}, Active: []int{1},
		Modes: []string{"closed"}, Rate: 2000, Duration: 200 * time.Millisecond,
		Warmup: 50 * time.Millisecond, Trials: 1, MsgSize: 64,
		Scenarios: []string{ScenarioAllActive, ScenarioChurn, ScenarioBulk, ScenarioHeartbeat},
		Sizes: ScenarioSizes{AllActive: []int{1, 8}, ChurnConns: []int{4},
			BulkReplies: []int{1 << 20}, BulkConns: 1, BulkReadRate: 64 << 20, BulkInFlight: 8 << 20,
			HeartbeatIdle: 200, HeartbeatPing: 10 * time.Millisecond, HeartbeatActive: []int{1}},
	},
	// scenarios is the non-idle scenarios alone, in about three minutes
	// on two cores: where epoll does not win.
	"scenarios": {
		Name: "scenarios", Backends: AllBackends, Idle: []int{0}, Active: []int{1},
		Modes: []string{"closed"}, Rate: 2000, Duration: 400 * time.Millisecond,
		Warmup: 100 * time.Millisecond, Trials: 5, MsgSize: 64,
		Scenarios: []string{ScenarioAllActive, ScenarioChurn, ScenarioBulk, ScenarioHeartbeat},
		Sizes:     DefaultScenarioSizes, Hiccup: DefaultHiccup,
	},
}

// DefaultMinPooled is the replies default's open-loop cells are sized to
// hold: a pooled p99 with 100 samples beyond it (1 s windows at 2,000
// req/s and five trials, about three minutes more than 300 ms windows over
// the matrix; crossover probes keep 300 ms). It is for the published
// tail's sample count, not the flag rate: a trial's own p99 then rests on
// 20 samples instead of 6, but a longer window also holds more of the
// host's stalls, and on a VM with 10-17% steal under load 1 s windows
// flagged generator-late more often than 300 ms ones (38 against 13 of 120
// open-loop trials, two runs each).
const DefaultMinPooled = 10000

// DefaultHiccup is the profiles' hiccup measurement: a second of spinning
// on each side's CPU at the run's start and at its end (4 s a run), enough
// for about 90 gaps over 50 µs on this project's VMs.
const DefaultHiccup = time.Second

// ProfileNames lists the profiles, for flag help.
func ProfileNames() []string {
	names := make([]string, 0, len(Profiles))
	for n := range Profiles {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// LookupProfile returns a copy of the named profile.
func LookupProfile(name string) (Profile, error) {
	p, ok := Profiles[name]
	if !ok {
		return p, fmt.Errorf("unknown profile %q (have %v)", name, ProfileNames())
	}
	p.Backends = append([]string(nil), p.Backends...)
	p.Idle = append([]int(nil), p.Idle...)
	p.Active = append([]int(nil), p.Active...)
	p.Modes = append([]string(nil), p.Modes...)
	p.Scenarios = append([]string(nil), p.Scenarios...)
	p.ReferenceIdle = append([]int(nil), p.ReferenceIdle...)
	p.Crossovers = append([]CrossoverSpec(nil), p.Crossovers...)
	if p.Sizes.AllActive == nil {
		p.Sizes = DefaultScenarioSizes
	}
	return p, nil
}
