//go:build linux

package benchrun

import "testing"

// TestLoadgenBound: a saturated generator flags the trial only while the
// server still had spare CPU; a closed loop with both sides flat out is the
// design, not a generator limit.
func TestLoadgenBound(t *testing.T) {
	tests := []struct {
		name              string
		gen, server       float64
		serverKnown, want bool
	}{
		{name: "both saturated (closed loop)", gen: 99, server: 98, serverKnown: true, want: false},
		{name: "generator saturated, server idle", gen: 99, server: 60, serverKnown: true, want: true},
		{name: "generator at threshold, server just below", gen: 95, server: 89.9, serverKnown: true, want: true},
		{name: "server at its threshold", gen: 100, server: 90, serverKnown: true, want: false},
		{name: "generator below threshold", gen: 94.9, server: 10, serverKnown: true, want: false},
		{name: "both light (open loop)", gen: 20, server: 15, serverKnown: true, want: false},
		{name: "server CPU unknown", gen: 100, server: 0, serverKnown: false, want: false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := loadgenBound(tc.gen, tc.server, tc.serverKnown); got != tc.want {
				t.Errorf("loadgenBound(%v, %v, %v) = %v, want %v", tc.gen, tc.server, tc.serverKnown, got, tc.want)
			}
		})
	}
}

// TestCPUContended: either side waiting for its pinned CPU for a tenth of
// the window means something else ran there.
func TestCPUContended(t *testing.T) {
	tests := []struct {
		name        string
		gen, server float64
		want        bool
	}{
		{name: "quiet machine", gen: 0.2, server: 0.5, want: false},
		{name: "generator starved", gen: 10, server: 0, want: true},
		{name: "server starved", gen: 0, server: 35, want: true},
		{name: "just below on both", gen: 9.9, server: 9.9, want: false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := cpuContended(tc.gen, tc.server); got != tc.want {
				t.Errorf("cpuContended(%v, %v) = %v, want %v", tc.gen, tc.server, got, tc.want)
			}
		})
	}
}
