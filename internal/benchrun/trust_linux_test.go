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

// TestGeneratorLate: an open-loop trial whose send lag p99 is a tenth or
// more of its corrected p99 is flagged generator-late; a closed-loop trial
// has no lag and is never flagged.
func TestGeneratorLate(t *testing.T) {
	tests := []struct {
		name       string
		lag        *loadgen.Summary
		latencyP99 float64
		want       bool
	}{
		{name: "closed loop", lag: nil, latencyP99: 100, want: false},
		{name: "punctual generator", lag: &loadgen.Summary{P50: 2, P99: 5}, latencyP99: 100, want: false},
		{name: "just under a tenth", lag: &loadgen.Summary{P50: 3, P99: 9.9}, latencyP99: 100, want: false},
		{name: "a tenth", lag: &loadgen.Summary{P50: 3, P99: 10}, latencyP99: 100, want: true},
		{name: "the issue's cell (123 vs 98 µs)", lag: &loadgen.Summary{P50: 13, P99: 25}, latencyP99: 123, want: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := &loadgen.Result{Hist: hdr.New(1, 60e9, 3), Lag: tc.lag}
			tr := results.Trial{Metrics: results.Metrics{Latency: results.Latency{P99: tc.latencyP99}}}
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
