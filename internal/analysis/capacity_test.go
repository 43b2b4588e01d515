package analysis

import (
	"errors"
	"testing"
)

// TestSearchCapacity: against a server whose p99 meets the objective up
// to a true capacity, the bounded search brackets it, within its probes.
func TestSearchCapacity(t *testing.T) {
	cfg := CapacityConfig{Start: 2000, MinRate: 250, MaxRate: 256000, Probes: 8}
	tests := []struct {
		name     string
		capacity float64
		met      func(b CapacityBracket) bool
	}{
		{name: "above the start", capacity: 23000, met: func(b CapacityBracket) bool { return b.Met <= 23000 && b.Failed > 23000 && b.Failed/b.Met < 1.3 }},
		{name: "below the start", capacity: 700, met: func(b CapacityBracket) bool { return b.Met <= 700 && b.Failed > 700 && b.Failed/b.Met < 1.3 }},
		{name: "beyond the largest rate", capacity: 1e9, met: func(b CapacityBracket) bool { return b.Met == 256000 && b.Failed == 0 }},
		{name: "not even the smallest", capacity: 100, met: func(b CapacityBracket) bool { return b.Met == 0 && b.Failed == 250 }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, err := SearchCapacity(cfg, func(rate float64) (bool, error) { return rate <= tc.capacity, nil })
			if err != nil || !tc.met(b) || b.Probes > cfg.Probes {
				t.Errorf("bracket %+v, err %v for capacity %g within %d probes", b, err, tc.capacity, cfg.Probes)
			}
		})
	}
}

// TestSearchCapacityStopsOnError: a probe that cannot run ends the search
// with the bracket so far.
func TestSearchCapacityStopsOnError(t *testing.T) {
	calls := 0
	b, err := SearchCapacity(CapacityConfig{Start: 1000, MinRate: 100, MaxRate: 1e6, Probes: 8}, func(rate float64) (bool, error) {
		calls++
		if calls == 3 {
			return false, errors.New("interrupted")
		}
		return true, nil
	})
	if err == nil || calls != 3 || b.Met != 2000 || b.Failed != 0 {
		t.Fatalf("bracket %+v, err %v after %d calls", b, err, calls)
	}
}
