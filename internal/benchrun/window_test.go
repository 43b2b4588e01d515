package benchrun

import (
	"testing"
	"time"

	"github.com/muxbench/muxbench/internal/results"
)

// TestOpenWindow: open-loop windows are sized for the pooled sample goal
// at the offered rate, never below the profile's duration; the default
// profile's are 1 s (10,000 replies over five trials at 2,000 req/s). A
// closed-loop cell and a crossover probe keep the duration.
func TestOpenWindow(t *testing.T) {
	type windowCase struct {
		name      string
		minPooled int
		rate      float64
		trials    int
		duration  time.Duration
		want      time.Duration
	}
	tests := []windowCase{
		{name: "default: 10,000 at 2,000 req/s over 3", minPooled: 10000, rate: 2000, trials: 3, duration: time.Second, want: 1700 * time.Millisecond},
		{name: "off", minPooled: 0, rate: 2000, trials: 3, duration: time.Second, want: time.Second},
		{name: "duration already enough", minPooled: 10000, rate: 20000, trials: 3, duration: time.Second, want: time.Second},
		{name: "one trial", minPooled: 10000, rate: 2000, trials: 1, duration: time.Second, want: 5 * time.Second},
	}
	def, err := LookupProfile("default")
	if err != nil {
		t.Fatal(err)
	}
	tests = append(tests, windowCase{name: "the default profile's", minPooled: def.MinPooled, rate: def.Rate, trials: def.Trials, duration: def.Duration, want: time.Second})
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := Options{Profile: Profile{MinPooled: tc.minPooled, Rate: tc.rate, Trials: tc.trials, Duration: tc.duration}}
			if got := o.openWindow(); got != tc.want {
				t.Errorf("openWindow = %v, want %v", got, tc.want)
			}
			if got := o.timedWindow(results.CellKey{Mode: "open"}); got != tc.want {
				t.Errorf("open window %v, want %v", got, tc.want)
			}
			for _, k := range []results.CellKey{{Mode: "closed"}, {Mode: "open", Rival: "poll"}} {
				if got := o.timedWindow(k); got != tc.duration {
					t.Errorf("%s window %v, want the duration %v (a closed cell or a probe)", k, got, tc.duration)
				}
			}
		})
	}
}

// TestProbeWindow: a probe at a low rate is lengthened for its replies, at
// most to four windows.
func TestProbeWindow(t *testing.T) {
	spec := DefaultCapacity
	for _, tc := range []struct {
		rate float64
		want time.Duration
	}{{125, 2 * time.Second}, {250, 2 * time.Second}, {500, time.Second}, {2500, 500 * time.Millisecond}, {64000, 500 * time.Millisecond}} {
		if got := spec.probeWindow(tc.rate); got != tc.want {
			t.Errorf("probeWindow(%v) = %v, want %v", tc.rate, got, tc.want)
		}
	}
}

// TestProbeRepeats: only a p99 over the objective is probed again, at
// most twice.
func TestProbeRepeats(t *testing.T) {
	tests := []struct {
		name  string
		probe results.CapacityProbe
		want  bool
	}{
		{"met", results.CapacityProbe{Met: true}, false},
		{"p99 over", results.CapacityProbe{Why: whyP99}, true},
		{"p99 over on the first repeat", results.CapacityProbe{Why: whyP99, Repeat: 1}, true},
		{"p99 over on the second repeat", results.CapacityProbe{Why: whyP99, Repeat: 2}, false},
		{"rate not achieved", results.CapacityProbe{Why: "rate not achieved"}, false},
		{"errors", results.CapacityProbe{Why: "errors"}, false},
	}
	for _, tc := range tests {
		if got := repeats(tc.probe); got != tc.want {
			t.Errorf("%s: repeats = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestProbeMet: a probe meets the objective when the rate was achieved
// and the p99 stayed under it; a miss while the generator was 95% busy or
// more is the generator's (generator-bound), and ends the search there.
func TestProbeMet(t *testing.T) {
	tests := []struct {
		name     string
		achieved float64 // of a 10,000 req/s offer
		p99, lg  float64
		errors   uint64
		want     string // "" met
	}{
		{"met", 10000, 400, 60, 0, ""},
		{"met by a busy generator", 10000, 400, 99, 0, ""},
		{"p99 over", 10000, 1000, 60, 0, whyP99},
		{"rate not achieved", 9000, 400, 60, 0, "rate not achieved"},
		{"p99 over, generator saturated", 10000, 1500, 96, 0, whyGeneratorBound},
		{"rate short, generator saturated", 8000, 400, 95, 0, whyGeneratorBound},
		{"errors", 10000, 400, 99, 1, "errors"},
	}
	for _, tc := range tests {
		p := results.CapacityProbe{Rate: 10000, Achieved: tc.achieved, P99Us: tc.p99, LoadgenBusyPct: tc.lg}
		probeMet(&p, 1000, tc.errors)
		if p.Met != (tc.want == "") || p.Why != tc.want {
			t.Errorf("%s: met %v, why %q; want %q", tc.name, p.Met, p.Why, tc.want)
		}
		if repeats(p) && tc.want != whyP99 {
			t.Errorf("%s: probed again", tc.name)
		}
	}
}
