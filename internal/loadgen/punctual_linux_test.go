package loadgen

import (
	"testing"
	"time"
)

// TestSleepUntil: an open-loop driver whose sends are spinMinGap apart or
// more sleeps until spinAhead before a send and then polls; closed loop and
// closely spaced sends sleep the whole lead.
func TestSleepUntil(t *testing.T) {
	const lead = int64(800 * time.Microsecond)
	tests := []struct {
		name  string
		mode  Mode
		rate  float64 // the generator's, requests/s
		conns int     // this driver's
		want  time.Duration
	}{
		{"open, 2,000/s on one driver", Open, 2000, 1, 500 * time.Microsecond},
		{"open, 2,000/s over 16 connections", Open, 2000, 16, 500 * time.Microsecond},
		{"open, 2,500/s on one driver", Open, 2500, 1, 800 * time.Microsecond},
		{"open, 50,000/s", Open, 50000, 1, 800 * time.Microsecond},
		{"closed", Closed, 0, 1, 800 * time.Microsecond},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := &driver{mode: tc.mode, nsPerReq: 1e9 / max(tc.rate, 1e-9), active: uint64(tc.conns),
				conns: make([]*activeConn, tc.conns)}
			if got := d.sleepUntil(lead); got != tc.want {
				t.Fatalf("sleepUntil(%v) = %v, want %v", time.Duration(lead), got, tc.want)
			}
			if got := d.sleepUntil(int64(spinAhead / 2)); tc.want < time.Duration(lead) && got != 0 {
				t.Fatalf("a send due within spinAhead: sleep %v, want 0 (poll)", got)
			}
		})
	}
}
