package report

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"

	"github.com/muxbench/muxbench/internal/analysis"
	"github.com/muxbench/muxbench/internal/results"
)

// poolMark is what a pooled percentile resting on few samples carries
// after its figure: " [56 beyond]", the samples above it in the cell's
// pooled histogram; "" for any other figure.
func poolMark(s analysis.Stat) string {
	if !s.Pool.Few() {
		return ""
	}
	return fmt.Sprintf(" [%d beyond]", s.Pool.Beyond)
}

// pooledColumns are the percentiles whose pooled sample counts cells.csv
// shows: NAME_samples (pooled) and NAME_beyond (above the figure), empty
// when the figure is not pooled.
var pooledColumns = []string{"p50_us", "p99_us", "p999_us"}

func poolHeader() []string {
	var h []string
	for _, name := range pooledColumns {
		h = append(h, name+"_samples", name+"_beyond")
	}
	return h
}

func poolCells(c analysis.CellSummary) []string {
	var row []string
	for _, name := range pooledColumns {
		p := c.Stat(name).Pool
		if p == nil {
			row = append(row, "", "")
			continue
		}
		row = append(row, strconv.FormatInt(p.Count, 10), strconv.FormatInt(p.Beyond, 10))
	}
	return row
}

// openWindowNote says when open-loop windows were sized apart.
func openWindowNote(c results.RunConfig) string {
	if c.OpenDuration <= c.Duration {
		return ""
	}
	return fmt.Sprintf("; open-loop windows of %s, so a cell's trials hold %s replies", c.OpenDuration, Thousands(int64(c.MinPooled)))
}

// hgrmValueScale turns the histograms' nanoseconds into the microseconds
// a .hgrm file shows.
const hgrmValueScale = 1e3

// writeHgrms writes, beside the run's .hlog files, one .hgrm percentile
// distribution per cell: its pooled latency histogram (valid timed trials)
// in HdrHistogram's text format, values in µs, what the HdrHistogram
// plotter and wrk2 users read. Cells without a pooled histogram get none.
func writeHgrms(dir string, cells []analysis.CellSummary) error {
	hdir := filepath.Join(dir, "hlog")
	for _, c := range cells {
		h := c.Hists[analysis.HistLatency]
		if h == nil {
			continue
		}
		if err := os.MkdirAll(hdir, 0o755); err != nil {
			return err
		}
		path := filepath.Join(hdir, c.CellKey.FileName()+".hgrm")
		err := writeFile(path, func(w io.Writer) error {
			_, err := h.PercentilesPrint(w, 5, hgrmValueScale)
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}
