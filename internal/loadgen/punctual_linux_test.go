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

// TestScheduleStartsWithTheDriver: the open-mode schedule counts from the
// moment the driver begins, not from the window's opening, so a thread that
// reaches its window late still sends its first requests on time. Laid out
// from the opening, every window's first send was as late as the gate's
// handoff to the driver thread (120-560 µs).
func TestScheduleStartsWithTheDriver(t *testing.T) {
	l, err := newEventLoop(4, true)
	if err != nil {
		t.Fatal(err)
	}
	defer l.w.close()
	const nsPerReq = 1e6
	d := &driver{eventLoop: l, mode: Open, nsPerReq: nsPerReq, active: 2, conns: []*activeConn{{slot: 0}, {slot: 1}}}
	base := time.Now().Add(-time.Second)
	opened := int64(time.Since(base)) - int64(5*time.Millisecond) // the window opened 5 ms ago
	wn := window{base: base, start: opened, end: opened + int64(time.Second)}
	began := int64(time.Since(base))
	d.begin(wn)
	for _, c := range d.conns {
		if want := began + int64(float64(c.slot)*nsPerReq); c.nextIntended < want {
			t.Errorf("slot %d: first send intended %v after the window opened, want at least %v (when the driver began)",
				c.slot, time.Duration(c.nextIntended-opened), time.Duration(want-opened))
		}
	}
}
