package loadgen

import (
	"io"

	hdr "github.com/HdrHistogram/hdrhistogram-go"
)

// Tags of an interval log's histograms. The main one, the latency
// (corrected in open mode), is untagged, so stock HdrHistogram tools
// (HistogramLogProcessor, hdr-histogram-js, this library's reader) read it
// without being told a tag; the others are tagged beside it.
const (
	TagLatency     = ""
	TagUncorrected = "uncorrected"
)

// WriteHlog writes res's intervals as an HdrHistogram interval log: values
// in nanoseconds (the log format scales them to milliseconds), each
// interval with its real start and end (the last ends with the window),
// the latency untagged and, in open mode, the uncorrected latency tagged
// TagUncorrected. comments, if any, are written as "#" lines first.
// `loadgen --hlog` and `bench run` both write their logs with it.
func WriteHlog(w io.Writer, res *Result, comments ...string) error {
	lw := hdr.NewHistogramLogWriter(w)
	base := res.Started.UnixMilli()
	lw.SetBaseTime(base)
	err := lw.OutputLogFormatVersion()
	for _, c := range comments {
		err = firstErr(err, lw.OutputComment(c))
	}
	err = firstErr(err, lw.OutputStartTime(base), lw.OutputBaseTime(base), lw.OutputLegend())
	for _, iv := range res.Intervals {
		err = firstErr(err, writeInterval(lw, iv, iv.Latency, TagLatency),
			writeInterval(lw, iv, iv.Uncorrected, TagUncorrected))
	}
	return err
}

func writeInterval(lw *hdr.HistogramLogWriter, iv Interval, h *hdr.Histogram, tag string) error {
	if h == nil {
		return nil
	}
	h.SetStartTimeMs(iv.Start.UnixMilli())
	h.SetEndTimeMs(iv.End.UnixMilli())
	h.SetTag(tag)
	return lw.OutputIntervalHistogram(h)
}
