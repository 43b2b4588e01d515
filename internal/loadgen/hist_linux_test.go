package loadgen

import (
	"bytes"
	"context"
	"math"
	"testing"
	"time"

	hdr "github.com/HdrHistogram/hdrhistogram-go"
)

// TestHistogramResolution (#13): a latency is recorded within 0.1% of
// itself at every scale the tables show; with a 1 µs lowest discernible
// value, 10 µs came back as 10.239 µs (512 ns steps below ~1 ms).
func TestHistogramResolution(t *testing.T) {
	for _, ns := range []int64{900, 10_000, 19_000, 123_456, 1_000_000, 50_000_000} {
		h := NewHistogram()
		record(h, ns)
		got := Summarize(h).P50 * 1e3
		if rel := math.Abs(got-float64(ns)) / float64(ns); rel > 0.001 {
			t.Errorf("%d ns recorded as %.0f ns: %.3f%% off, want ≤ 0.1%%", ns, got, rel*100)
		}
	}
}

// TestClampedValuesAreCounted: a value outside the histograms' range is
// recorded at its bound and counted, so the trial can be flagged; before,
// it was clamped silently and the merge-dropped count could never fire.
func TestClampedValuesAreCounted(t *testing.T) {
	r := newRecorder(true)
	r.reset(0, int64(time.Second))
	r.observe(10, 0, 0)                              // in range
	r.observe(10, -histHighest, -histHighest)        // beyond 60 s: both histograms clamp
	r.observe(int64(2*time.Second), -histHighest, 0) // late, and beyond
	if r.clamped != 3 {
		t.Fatalf("clamped %d, want 3 (corrected and uncorrected of the long reply, the late one)", r.clamped)
	}
	res := newResult(Open, 1, 1, 100)
	res.Started, res.Window = time.Now(), time.Second
	addRecorder(res, r)
	if res.Clamped != 3 || res.MergeDropped != 0 {
		t.Fatalf("result clamped %d, merge dropped %d; want 3, 0", res.Clamped, res.MergeDropped)
	}
}

// TestMergeDroppedIsCounted: values a driver's histogram holds that the
// result's cannot are counted as MergeDropped, not lost silently.
func TestMergeDroppedIsCounted(t *testing.T) {
	r := newRecorder(false)
	r.reset(0, int64(time.Second))
	r.latency = hdr.New(histLowest, 10*histHighest, histDigits)
	if err := r.latency.RecordValue(2 * histHighest); err != nil {
		t.Fatal(err)
	}
	res := newResult(Closed, 1, 1, 0)
	res.Started, res.Window = time.Now(), time.Second
	addRecorder(res, r)
	if res.MergeDropped != 1 {
		t.Fatalf("merge dropped %d, want 1", res.MergeDropped)
	}
}

// TestRecorderOpensTheWindowsIntervalsBeforeItOpens: prepare makes every
// interval of a window (a histogram allocated inside the window stalls the
// driver thread), reset allocates nothing more, and a later window reuses
// them.
func TestRecorderOpensTheWindowsIntervalsBeforeItOpens(t *testing.T) {
	r := newRecorder(true)
	r.prepare(2500 * time.Millisecond)
	if n := testing.AllocsPerRun(10, func() { r.reset(0, int64(2500*time.Millisecond)) }); n != 0 {
		t.Fatalf("reset after prepare allocated %.0f times", n)
	}
	if len(r.windowIntervals()) != 3 {
		t.Fatalf("%d intervals for a 2.5 s window, want 3", len(r.windowIntervals()))
	}
	first := r.intervals[2].latency
	r.observe(int64(2400*time.Millisecond), 0, 0)
	r.reset(0, int64(500*time.Millisecond))
	r.intervalAt(int64(2400 * time.Millisecond))
	if r.intervals[2].latency != first || first.TotalCount() != 0 {
		t.Fatalf("interval not reused or not reset: %d values", first.TotalCount())
	}
}

// TestHlogHasRealIntervalsAndAnUntaggedLatency (#17): the log's intervals
// end with the window (a 300 ms window is one interval of 300 ms, not of
// 1 s) and the main histogram is untagged, the uncorrected one tagged, so
// stock readers take the latency without being told a tag.
func TestHlogHasRealIntervalsAndAnUntaggedLatency(t *testing.T) {
	srv := startServer(t, echo)
	g := dialT(t, Config{Addrs: []string{srv.addr()}, Active: 1, Mode: Open, Rate: 2000})
	res, err := g.Run(context.Background(), 300*time.Millisecond, nil)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteHlog(&buf, res, "a comment"); err != nil {
		t.Fatal(err)
	}
	lr := hdr.NewHistogramLogReader(&buf)
	var tags []string
	var total int64
	for {
		h, err := lr.NextIntervalHistogram()
		if err != nil {
			t.Fatal(err)
		}
		if h == nil {
			break
		}
		tags = append(tags, h.Tag())
		if span := time.Duration(h.EndTimeMs()-h.StartTimeMs()) * time.Millisecond; span > 301*time.Millisecond || span < 299*time.Millisecond {
			t.Errorf("interval %q spans %v, want the 300 ms window", h.Tag(), span)
		}
		if h.Tag() == TagLatency {
			total += h.TotalCount()
		}
	}
	if len(tags) != 2 || tags[0] != "" || tags[1] != TagUncorrected {
		t.Fatalf("tags %q, want [\"\" %q]", tags, TagUncorrected)
	}
	if uint64(total) != res.Received {
		t.Fatalf("log holds %d latencies, received %d", total, res.Received)
	}
}

// TestSendLagIsTheGeneratorsLateness (#13): in open mode each request's
// send lag (actual − intended send) is recorded in a histogram of its own.
// A driver stalled spinAhead + 300 µs before every send turn sends every
// request at least 300 µs late (it woke spinAhead early; the stall starts
// at the wakeup): the lag's p50 shows it, and the corrected latency holds
// it on top of the uncorrected one.
func TestSendLagIsTheGeneratorsLateness(t *testing.T) {
	const stall = spinAhead + 300*time.Microsecond
	srv := startServer(t, echo)
	g := dialT(t, Config{Addrs: []string{srv.addr()}, Active: 1, Mode: Open, Rate: 1000})
	res, err := g.Run(context.Background(), 100*time.Millisecond, nil)
	if err != nil || res.Lag == nil || res.LagHist.TotalCount() != int64(res.Received) {
		t.Fatalf("unstalled: %v, lag %+v: want a lag for every reply", err, res.Lag)
	}
	g.drivers[0].stall = func() {
		for begin := time.Now(); time.Since(begin) < stall; {
		}
	}
	res, err = g.Run(context.Background(), 200*time.Millisecond, nil)
	if err != nil {
		t.Fatal(err)
	}
	late := (stall - spinAhead).Seconds() * 1e6
	if res.Lag.P50 < late {
		t.Fatalf("stalled driver: lag p50 %.1f µs, want ≥ %.0f", res.Lag.P50, late)
	}
	if res.Latency.P50 < res.Uncorrected.P50+late-50 {
		t.Fatalf("corrected p50 %.1f, uncorrected %.1f µs: the lag is not in the corrected figure", res.Latency.P50, res.Uncorrected.P50)
	}
}
