package analysis

import (
	hdr "github.com/HdrHistogram/hdrhistogram-go"

	"github.com/muxbench/muxbench/internal/results"
)

// A latency percentile of a cell is read from the merged histogram of its
// valid timed trials, not as the median of per-trial percentiles: poll at
// 19,800 idle holds 56–76 requests a trial, so a per-trial "p99" is its
// second-largest sample, while the pooled one rests on every sample the
// cell has. The Stat keeps the per-trial values (Values, Min, Max) for the
// significance tests, whose unit is the trial; Median is then the pooled
// figure and Pool says how many samples it rests on. Runs from before
// histograms were kept in run.json fall back to the median of per-trial
// values (Pool nil).

// Histogram kinds a trial keeps (results.Histograms).
const (
	HistLatency     = "latency"
	HistUncorrected = "uncorrected"
	HistLag         = "send_lag"
)

// FewBeyond is the tail count below which a pooled percentile rests on
// too few samples to be shown as a plain figure: the report prints it with
// the count.
const FewBeyond = 100

// Pool says what a pooled percentile rests on.
type Pool struct {
	// Count is the samples pooled over the cell's valid timed trials;
	// Beyond those above the percentile's value.
	Count, Beyond int64
}

// Few reports whether the percentile rests on fewer than FewBeyond
// samples beyond it.
func (p *Pool) Few() bool { return p != nil && p.Beyond < FewBeyond }

// pooledSpec names the histogram and the percentile a metric is read from.
type pooledSpec struct {
	kind    string
	percent float64
}

// pooledMetrics are the catalogue's metrics read from pooled histograms.
var pooledMetrics = map[string]pooledSpec{
	"p50_us":  {HistLatency, 50},
	"p99_us":  {HistLatency, 99},
	"p999_us": {HistLatency, 99.9},

	"uncorrected_p50_us": {HistUncorrected, 50},
	"uncorrected_p99_us": {HistUncorrected, 99},
	"lag_p50_us":         {HistLag, 50},
	"lag_p99_us":         {HistLag, 99},
}

// histOf returns a trial's encoded histogram of kind ("" when absent).
func histOf(t results.Trial, kind string) string {
	h := t.Histograms
	if h == nil {
		return ""
	}
	switch kind {
	case HistLatency:
		return h.Latency
	case HistUncorrected:
		return h.Uncorrected
	case HistLag:
		return h.Lag
	}
	return ""
}

// poolTrials merges the histograms of kind of trials; nil when any trial
// lacks it or it does not decode (the figures then come from the trials'
// own percentiles).
func poolTrials(trials []results.Trial, kind string) *hdr.Histogram {
	var pooled *hdr.Histogram
	for _, t := range trials {
		enc := histOf(t, kind)
		if enc == "" {
			return nil
		}
		h, err := hdr.Decode([]byte(enc))
		if err != nil {
			return nil
		}
		if pooled == nil {
			pooled = h
			continue
		}
		if pooled.Merge(h) != 0 {
			return nil
		}
	}
	return pooled
}

// pools merges, per histogram kind, the valid timed trials of a cell.
func pools(valid []results.Trial, cellCounted bool) map[string]*hdr.Histogram {
	var timed []results.Trial
	for _, t := range valid {
		if FromTimed.Uses(t, cellCounted) {
			timed = append(timed, t)
		}
	}
	out := map[string]*hdr.Histogram{}
	if len(timed) == 0 {
		return out
	}
	for _, kind := range []string{HistLatency, HistUncorrected, HistLag} {
		if h := poolTrials(timed, kind); h != nil && h.TotalCount() > 0 {
			out[kind] = h
		}
	}
	return out
}

// pooledStat replaces s's median by the percentile of the pooled
// histogram, when there is one.
func pooledStat(s Stat, spec pooledSpec, hists map[string]*hdr.Histogram) Stat {
	h := hists[spec.kind]
	if !s.OK() || h == nil {
		return s
	}
	v := h.ValueAtQuantile(spec.percent)
	s.Median = float64(v) / 1e3
	s.Pool = &Pool{Count: h.TotalCount(), Beyond: countAbove(h, v)}
	return s
}

// countAbove is how many of h's values lie above v (in buckets wholly
// above it).
func countAbove(h *hdr.Histogram, v int64) int64 {
	var n int64
	for _, b := range h.Distribution() {
		if b.From > v {
			n += b.Count
		}
	}
	return n
}
