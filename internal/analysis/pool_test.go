package analysis

import (
	"testing"

	hdr "github.com/HdrHistogram/hdrhistogram-go"

	"github.com/muxbench/muxbench/internal/analysis/analysistest"
	"github.com/muxbench/muxbench/internal/results"
)

// encodeLatencies is a trial's histogram holding n values: k at 100 µs
// and the rest at 10 µs.
func encodeLatencies(t *testing.T, n, k int) *results.Histograms {
	t.Helper()
	h := hdr.New(1, 60e9, 3)
	for i := range n {
		v := int64(10_000)
		if i < k {
			v = 100_000
		}
		if err := h.RecordValue(v); err != nil {
			t.Fatal(err)
		}
	}
	b, err := h.Encode(hdr.V2CompressedEncodingCookieBase)
	if err != nil {
		t.Fatal(err)
	}
	return &results.Histograms{Latency: string(b)}
}

// TestPooledPercentiles (#13): a cell's p99 is read from the merged
// histogram of its valid timed trials. Three trials of 60 samples, one of
// them with its two slowest at 100 µs: each trial's own p99 is its
// second-largest sample (10 µs for two of them, so the median of per-trial
// p99s says 10 µs), while the pooled 180 samples put 2 beyond the 99th
// percentile, which the Stat says. The flagged trial stays out of the
// pool as it stays out of every figure.
func TestPooledPercentiles(t *testing.T) {
	c := analysistest.Cell("epoll_et", 0, 1)
	for i := range c.Trials {
		k := 0
		if i == 0 {
			k = 2
		}
		c.Trials[i].Histograms = encodeLatencies(t, 60, k)
	}
	c.Trials[3].Histograms = encodeLatencies(t, 60, 60) // the flagged one
	s := Summarize(c)
	p99 := s.Stat("p99_us")
	if p99.Pool == nil || p99.Pool.Count != 180 {
		t.Fatalf("p99 %+v: want pooled over the 3 valid trials' 180 samples", p99)
	}
	if p99.Median < 9.99 || p99.Median > 10.01 {
		t.Errorf("pooled p99 %.3f µs, want 10 µs (2 of 180 samples are beyond the 99th percentile)", p99.Median)
	}
	if p99.Pool.Beyond != 2 || !p99.Pool.Few() {
		t.Errorf("beyond %d (few %v), want 2 (few)", p99.Pool.Beyond, p99.Pool.Few())
	}
	if p999 := s.Stat("p999_us"); p999.Median < 99.9 || p999.Median > 100.1 {
		t.Errorf("pooled p99.9 %.3f µs, want 100", p999.Median)
	}
	if p99.N != 3 || len(p99.Values) != 3 {
		t.Errorf("per-trial values %v: the tests still read the trials", p99.Values)
	}
	if s.Hists[HistLatency] == nil || s.Hists[HistLatency].TotalCount() != 180 {
		t.Errorf("cell histogram missing or not the valid trials'")
	}
}

// TestPooledFallsBackWithoutHistograms: a run from before histograms were
// kept (or one trial without its histogram) takes the median of the
// trials' own percentiles, unmarked.
func TestPooledFallsBackWithoutHistograms(t *testing.T) {
	c := analysistest.Cell("poll", 1000, 1)
	c.Trials[0].Histograms = encodeLatencies(t, 60, 0)
	st := Summarize(c).Stat("p99_us")
	if st.Pool != nil || st.Median != 40 {
		t.Fatalf("p99 %+v: want the per-trial median 40, no pool", st)
	}
}
