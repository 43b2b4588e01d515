package benchrun

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/muxbench/muxbench/internal/results"
)

// progress reports finished cell trials: a bar with ETA on a terminal, one
// plain line per trial otherwise (logs, CI). A nil writer reports nothing.
type progress struct {
	w     io.Writer
	bar   *progressbar.ProgressBar
	total int
	n     int
	began time.Time
}

func newProgress(w io.Writer, terminal bool, total int) *progress {
	p := &progress{w: w, total: total, began: time.Now()}
	if w != nil && terminal {
		p.bar = progressbar.NewOptions(total,
			progressbar.OptionSetWriter(w), progressbar.OptionSetWidth(30),
			progressbar.OptionShowCount(), progressbar.OptionSetPredictTime(true),
			progressbar.OptionSetElapsedTime(true), progressbar.OptionShowDescriptionAtLineEnd(),
			progressbar.OptionThrottle(100*time.Millisecond))
	}
	return p
}

// done records one finished trial of cell k.
func (p *progress) done(k results.CellKey, tr results.Trial) {
	p.n++
	if p.w == nil {
		return
	}
	line := describe(k, tr)
	if p.bar != nil {
		p.bar.Describe(line)
		p.bar.Add(1)
		return
	}
	elapsed := time.Since(p.began)
	eta := time.Duration(float64(elapsed) / float64(p.n) * float64(p.total-p.n))
	fmt.Fprintf(p.w, "[%d/%d %s, eta %s] %s\n", p.n, p.total, elapsed.Round(time.Second), eta.Round(time.Second), line)
}

// note prints a message that is not a trial (a child that would not stop).
func (p *progress) note(msg string) {
	if p.w == nil {
		return
	}
	if p.bar != nil {
		p.bar.Clear()
	}
	fmt.Fprintln(p.w, "bench: "+msg)
}

func (p *progress) finish() {
	if p.bar != nil {
		p.bar.Finish()
		fmt.Fprintln(p.w)
	}
}

// describe is a one-line account of a trial.
func describe(k results.CellKey, tr results.Trial) string {
	s := fmt.Sprintf("%s t%d: ", k, tr.Index)
	if tr.Counted {
		s = fmt.Sprintf("%s t%d (counted): ", k, tr.Index)
	}
	if tr.Error != "" && tr.Metrics.Requests == 0 {
		return s + "error: " + tr.Error
	}
	m := tr.Metrics
	s += fmt.Sprintf("%.0f req/s p50 %.0fµs p99 %.0fµs cpu %.2fµs/req", m.ReqPerSec, m.Latency.P50, m.Latency.P99, m.ServerCPUUsPerReq)
	if m.SyscallsPerReq != nil {
		s += fmt.Sprintf(" sys %.2f/req", *m.SyscallsPerReq)
	}
	if len(tr.Flags) > 0 {
		s += " [" + strings.Join(tr.Flags, ",") + "]"
	}
	return s
}
