package benchrun

import (
	"fmt"

	hdr "github.com/HdrHistogram/hdrhistogram-go"

	"github.com/muxbench/muxbench/internal/loadgen"
	"github.com/muxbench/muxbench/internal/results"
)

// The trust gates: what makes a trial's figures say something about the
// backend rather than about the histograms, the generator, the machine or
// a saturated server. Each gate is a function of recorded figures, so
// run.json holds what it read and a test can provoke it.

// Flag names of the trust gates.
const (
	flagHistDropped = "hist-dropped"
)

// histDropped is the hist-dropped gate: a value lost merging the
// generator's histograms, or one outside their range, means the latency
// figures do not hold every reply as it was.
func histDropped(q results.Quality) bool { return q.MergeDropped > 0 || q.HistClamped > 0 }

// judge records what the trust gates read (the histograms themselves, what
// they lost) in tr and adds the flags that tripped.
func judge(tr *results.Trial, res *loadgen.Result) {
	tr.Metrics.Quality = results.Quality{MergeDropped: res.MergeDropped, HistClamped: res.Clamped}
	hists, err := encodeHists(res)
	if err != nil {
		tr.Error = joinErrors(tr.Error, fmt.Errorf("histograms: %w", err))
	}
	tr.Histograms = hists
	if histDropped(tr.Metrics.Quality) {
		tr.Flags = append(tr.Flags, flagHistDropped)
	}
}

// encodeHists is res's window histograms in the V2 compressed encoding.
func encodeHists(res *loadgen.Result) (*results.Histograms, error) {
	if res.Hist == nil {
		return nil, nil
	}
	var h results.Histograms
	var err error
	if h.Latency, err = encodeHist(res.Hist); err != nil {
		return nil, err
	}
	if h.Uncorrected, err = encodeHist(res.UncorrectedHist); err != nil {
		return nil, err
	}
	return &h, nil
}

func encodeHist(h *hdr.Histogram) (string, error) {
	if h == nil {
		return "", nil
	}
	b, err := h.Encode(hdr.V2CompressedEncodingCookieBase)
	return string(b), err
}
