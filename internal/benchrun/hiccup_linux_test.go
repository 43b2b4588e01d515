package benchrun

import (
	"testing"
	"time"

	"github.com/muxbench/muxbench/internal/results"
)

// TestCountHiccups: a scripted clock that advances 1 µs a read, with gaps
// of 30 µs, 60 µs, 150 µs and 2 ms, counts each gap in every bucket it
// reaches, the longest as the max and their sum as the share lost.
func TestCountHiccups(t *testing.T) {
	gaps := map[int]time.Duration{10: 30 * time.Microsecond, 20: 60 * time.Microsecond, 30: 150 * time.Microsecond, 40: 2 * time.Millisecond}
	var at int64
	reads := 0
	clock := func() int64 {
		reads++
		step := time.Microsecond
		if g, ok := gaps[reads]; ok {
			step = g
		}
		at += int64(step)
		return at
	}
	h := countHiccups(clock, 5*time.Millisecond)
	want := results.Hiccups{Over20Us: 4, Over50Us: 3, Over100Us: 2, Over1Ms: 1, MaxUs: 2000}
	if h.Over20Us != want.Over20Us || h.Over50Us != want.Over50Us || h.Over100Us != want.Over100Us || h.Over1Ms != want.Over1Ms || h.MaxUs != want.MaxUs {
		t.Fatalf("hiccups %+v, want counts %+v", h, want)
	}
	lost := (30 + 60 + 150 + 2000) / (h.SpunSec * 1e6) * 100
	if h.SpunSec < 0.005 || h.SpunSec > 0.0051 || h.LostPct < lost-0.01 || h.LostPct > lost+0.01 {
		t.Errorf("spun %.6f s, lost %.3f%%, want 5 ms and %.3f%%", h.SpunSec, h.LostPct, lost)
	}
}

// TestHiccupsAdd: two measurements of a CPU sum their counts and time,
// keep the longer max, and weigh the share lost by time spun.
func TestHiccupsAdd(t *testing.T) {
	a := results.Hiccups{SpunSec: 1, Over20Us: 10, Over50Us: 5, Over100Us: 2, Over1Ms: 1, MaxUs: 1500, LostPct: 1}
	b := results.Hiccups{SpunSec: 1, Over20Us: 20, Over50Us: 7, Over100Us: 3, MaxUs: 300, LostPct: 3}
	got := a.Add(b)
	want := results.Hiccups{SpunSec: 2, Over20Us: 30, Over50Us: 12, Over100Us: 5, Over1Ms: 1, MaxUs: 1500, LostPct: 2}
	if got != want {
		t.Fatalf("Add = %+v, want %+v", got, want)
	}
	if s := got.String(); s != "6/s over 50 µs (1 over 1 ms), max 1500 µs, 2.0% lost" {
		t.Errorf("String = %q", s)
	}
}
