package benchrun

import (
	"slices"
	"testing"
	"time"

	hdr "github.com/HdrHistogram/hdrhistogram-go"

	"github.com/muxbench/muxbench/internal/loadgen"
	"github.com/muxbench/muxbench/internal/results"
)

// TestHistDropped: a value lost in a merge or clamped to the histograms'
// range flags the trial; run.json keeps both counts.
func TestHistDropped(t *testing.T) {
	tests := []struct {
		name    string
		dropped int64
		clamped uint64
		want    bool
	}{
		{name: "clean", want: false},
		{name: "merge dropped", dropped: 1, want: true},
		{name: "clamped", clamped: 2, want: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := &loadgen.Result{Hist: hdr.New(1, 60e9, 3), MergeDropped: tc.dropped, Clamped: tc.clamped}
			var tr results.Trial
			judge(&tr, res)
			if got := slices.Contains(tr.Flags, flagHistDropped); got != tc.want {
				t.Errorf("flags %v, want %s: %v", tr.Flags, flagHistDropped, tc.want)
			}
			if q := tr.Metrics.Quality; q.MergeDropped != tc.dropped || q.HistClamped != tc.clamped {
				t.Errorf("recorded %+v, want dropped %d clamped %d", q, tc.dropped, tc.clamped)
			}
		})
	}
}

// TestJudgeEmbedsDecodableHistograms: the trial carries its window
// histograms, and they decode to what was measured.
func TestJudgeEmbedsDecodableHistograms(t *testing.T) {
	res := &loadgen.Result{Hist: hdr.New(1, 60e9, 3), UncorrectedHist: hdr.New(1, 60e9, 3)}
	for i := range 1000 {
		res.Hist.RecordValue(int64(10*time.Microsecond) + int64(i))
		res.UncorrectedHist.RecordValue(int64(9 * time.Microsecond))
	}
	var tr results.Trial
	judge(&tr, res)
	if tr.Histograms == nil {
		t.Fatalf("no histograms (error %q)", tr.Error)
	}
	for name, enc := range map[string]string{"latency": tr.Histograms.Latency, "uncorrected": tr.Histograms.Uncorrected} {
		h, err := hdr.Decode([]byte(enc))
		if err != nil || h.TotalCount() != 1000 {
			t.Fatalf("%s: decoded %v, %v; want 1000 values", name, h, err)
		}
	}
}

// TestGeneratorLate: an open-loop trial whose corrected p50 or p99 is a
// tenth or more above the uncorrected one (the generator's lateness made
// that much of the figure) is flagged generator-late, whatever the lag's
// own p99; a closed-loop trial has no uncorrected latency and is never
// flagged. The last two cases are trials of an open-loop smoke run: the
// first passed the gate when it read the lag p99.
func TestGeneratorLate(t *testing.T) {
	lat := func(p50, p99 float64) results.Latency { return results.Latency{P50: p50, P99: p99} }
	tests := []struct {
		name                   string
		lag                    *loadgen.Summary
		corrected, uncorrected results.Latency
		want                   bool
	}{
		{name: "closed loop", corrected: lat(50, 100), want: false},
		{name: "punctual generator", lag: &loadgen.Summary{P99: 5}, corrected: lat(50, 100), uncorrected: lat(50, 99), want: false},
		{name: "p99 just under a tenth", lag: &loadgen.Summary{P99: 9}, corrected: lat(50, 100), uncorrected: lat(49, 90.1), want: false},
		{name: "p99 a tenth", lag: &loadgen.Summary{P99: 9}, corrected: lat(50, 100), uncorrected: lat(49, 90), want: true},
		{name: "p50 a tenth", lag: &loadgen.Summary{P99: 9}, corrected: lat(50, 100), uncorrected: lat(45, 100), want: true},
		{name: "the issue's cell (p50 50 vs 37, p99 123 vs 98 µs)", lag: &loadgen.Summary{P99: 25}, corrected: lat(50, 123), uncorrected: lat(37, 98), want: true},
		{name: "a few sends very late (lag p99 0.9 µs)", lag: &loadgen.Summary{P99: 0.9}, corrected: lat(85, 364), uncorrected: lat(85, 238), want: true},
		{name: "late sends that are not the slow ones (lag p99 34 µs)", lag: &loadgen.Summary{P99: 34.1}, corrected: lat(84, 268), uncorrected: lat(84, 268), want: false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := &loadgen.Result{Hist: hdr.New(1, 60e9, 3), Lag: tc.lag}
			tr := results.Trial{Metrics: results.Metrics{Latency: tc.corrected}}
			if tc.lag != nil {
				tr.Metrics.Uncorrected = &tc.uncorrected
			}
			judge(&tr, res)
			if got := slices.Contains(tr.Flags, flagGeneratorLate); got != tc.want {
				t.Errorf("flags %v, want %s: %v", tr.Flags, flagGeneratorLate, tc.want)
			}
			if (tr.Metrics.SendLag != nil) != (tc.lag != nil) {
				t.Errorf("send lag recorded %+v for %+v", tr.Metrics.SendLag, tc.lag)
			}
		})
	}
}
