package benchrun

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/muxbench/muxbench/internal/results"
)

// progress reports finished cell trials: a bar with ETA on a terminal, one
// plain line per trial otherwise (logs, CI). A nil writer reports nothing.
// On a terminal every redraw fits the current width (see fit), so a
// narrow window never wraps the line and leaves a copy behind per redraw.
type progress struct {
	w     io.Writer
	bar   *progressbar.ProgressBar
	total int
	n     int
	began time.Time
	// columns is the terminal's current width, 0 when unknown.
	columns func() int
	barCols int
}

func newProgress(w io.Writer, terminal bool, total int) *progress {
	return newProgressCols(w, terminal, total, terminalColumns(w))
}

// newProgressCols is newProgress with the width given, for tests.
func newProgressCols(w io.Writer, terminal bool, total int, columns func() int) *progress {
	p := &progress{w: w, total: total, began: time.Now(), columns: columns}
	if w != nil && terminal {
		p.barCols = barColumns(p.width())
		// Elapsed time and ETA are written into the description (timing),
		// so the line's length is known and the description can fit it.
		p.bar = progressbar.NewOptions(total,
			progressbar.OptionSetWriter(w), progressbar.OptionSetWidth(p.barCols),
			progressbar.OptionShowCount(), progressbar.OptionSetPredictTime(false),
			progressbar.OptionSetElapsedTime(false), progressbar.OptionShowDescriptionAtLineEnd(),
			progressbar.OptionThrottle(100*time.Millisecond))
	}
	return p
}

// terminalColumns reads w's terminal width at each call, following a
// resized window.
func terminalColumns(w io.Writer) func() int {
	f, ok := w.(*os.File)
	if !ok {
		return func() int { return 0 }
	}
	return func() int {
		cols, _, err := term.GetSize(int(f.Fd()))
		if err != nil {
			return 0
		}
		return cols
	}
}

// width is the terminal's width, 80 when it cannot be read.
func (p *progress) width() int {
	if c := p.columns(); c > 0 {
		return c
	}
	return 80
}

// done records one finished trial of cell k.
func (p *progress) done(k results.CellKey, tr results.Trial) {
	p.n++
	if p.w == nil {
		return
	}
	parts := describe(k, tr)
	if p.bar != nil {
		parts = append([]piece{{text: "[" + p.timing() + "]"}}, parts...)
		p.bar.Describe(fit(parts, p.width()-barReserve(p.barCols, p.total)))
		p.bar.Add(1)
		return
	}
	fmt.Fprintf(p.w, "[%d/%d %s] %s\n", p.n, p.total, p.timing(), join(parts))
}

// timing is the elapsed time and the estimate of what is left: "1m2s, eta 3m4s".
func (p *progress) timing() string {
	elapsed := time.Since(p.began)
	eta := time.Duration(float64(elapsed) / float64(p.n) * float64(p.total-p.n))
	return fmt.Sprintf("%s, eta %s", elapsed.Round(time.Second), eta.Round(time.Second))
}

// grow changes the number of trials expected by delta: a crossover
// search's budget when it starts, what it did not spend when it ends.
func (p *progress) grow(delta int) {
	p.total += delta
	if p.bar != nil {
		p.bar.ChangeMax(p.total)
	}
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
