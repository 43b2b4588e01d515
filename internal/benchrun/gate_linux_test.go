package benchrun

import "testing"

// TestLoadgenBound: a saturated generator flags the trial whatever the
// server's CPU, so a slow backend's generator-bound trial is flagged as a
// fast one's is (#13: before, only a server with spare CPU was).
func TestLoadgenBound(t *testing.T) {
	tests := []struct {
		name string
		gen  float64
		want bool
	}{
		{name: "generator saturated beside a busy (slow) server", gen: 97, want: true},
		{name: "generator saturated beside an idle (fast) server", gen: 99, want: true},
		{name: "generator at the threshold", gen: 95, want: true},
		{name: "generator below the threshold", gen: 94.9, want: false},
		{name: "light load (open loop)", gen: 20, want: false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := loadgenBound(tc.gen); got != tc.want {
				t.Errorf("loadgenBound(%v) = %v, want %v", tc.gen, got, tc.want)
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
