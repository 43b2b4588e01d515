package benchrun

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	hdr "github.com/HdrHistogram/hdrhistogram-go"

	"github.com/muxbench/muxbench/internal/loadgen"
	"github.com/muxbench/muxbench/internal/results"
)

// writeHlog writes a trial's one-second interval histograms (nanoseconds,
// which the log format scales to milliseconds) as an HdrHistogram interval
// log, and returns its path relative to dir. Open-loop trials carry the
// uncorrected histograms beside the corrected ones, tagged "uncorrected".
func writeHlog(dir string, k results.CellKey, trial int, res *loadgen.Result) (string, error) {
	rel := filepath.Join("hlog", fmt.Sprintf("%s-t%d.hlog", slug(k), trial+1))
	f, err := os.Create(filepath.Join(dir, rel))
	if err != nil {
		return "", err
	}
	lw := hdr.NewHistogramLogWriter(f)
	base := res.Started.UnixMilli()
	lw.SetBaseTime(base)
	err = firstErr(lw.OutputLogFormatVersion(), lw.OutputComment("muxbench "+k.String()),
		lw.OutputStartTime(base), lw.OutputLegend())
	for _, iv := range res.Intervals {
		err = firstErr(err, outputInterval(lw, iv.Latency, iv, ""), outputInterval(lw, iv.Uncorrected, iv, "uncorrected"))
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return rel, err
}

func outputInterval(lw *hdr.HistogramLogWriter, h *hdr.Histogram, iv loadgen.Interval, tag string) error {
	if h == nil {
		return nil
	}
	h.SetStartTimeMs(iv.Start.UnixMilli())
	h.SetEndTimeMs(iv.End.UnixMilli())
	h.SetTag(tag)
	return lw.OutputIntervalHistogram(h)
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// slug is a file-name-safe form of a cell key.
func slug(k results.CellKey) string {
	s := fmt.Sprintf("%s-%s-idle%d-active%d-%s", k.Scenario, k.Backend, k.Idle, k.Active, k.Mode)
	if k.Rival != "" {
		s += "-vs-" + k.Rival
	}
	return strings.NewReplacer("/", "_", " ", "_").Replace(s)
}
