package benchrun

import (
	"testing"
	"time"

	"github.com/muxbench/muxbench/internal/results"
)

// TestOpenWindow: open-loop windows are sized for the pooled sample goal
// at the offered rate, never below the profile's duration.
func TestOpenWindow(t *testing.T) {
	tests := []struct {
		name      string
		minPooled int
		rate      float64
		trials    int
		duration  time.Duration
		want      time.Duration
	}{
		{name: "default: 10,000 at 2,000 req/s over 3", minPooled: 10000, rate: 2000, trials: 3, duration: time.Second, want: 1700 * time.Millisecond},
		{name: "off", minPooled: 0, rate: 2000, trials: 3, duration: time.Second, want: time.Second},
		{name: "duration already enough", minPooled: 10000, rate: 20000, trials: 3, duration: time.Second, want: time.Second},
		{name: "one trial", minPooled: 10000, rate: 2000, trials: 1, duration: time.Second, want: 5 * time.Second},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := Options{Profile: Profile{MinPooled: tc.minPooled, Rate: tc.rate, Trials: tc.trials, Duration: tc.duration}}
			if got := o.openWindow(); got != tc.want {
				t.Errorf("openWindow = %v, want %v", got, tc.want)
			}
			if got := o.timedWindow("closed"); got != tc.duration {
				t.Errorf("closed window %v, want the duration %v", got, tc.duration)
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
