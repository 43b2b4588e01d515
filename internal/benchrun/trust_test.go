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
