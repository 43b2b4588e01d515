package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/muxbench/muxbench/internal/analysis"
	"github.com/muxbench/muxbench/internal/registry"
	"github.com/muxbench/muxbench/internal/results"
)

// modelBackends are the backends the cost model is published for.
func modelBackends() []string { return append([]string{Subject}, Rivals...) }

// nearSpan is how far around N* the model is fitted: a factor of 4 on the
// (1 + N) scale, so that probes close together do not make the slope of
// a few connections' range, noise between cells measured apart.
const nearSpan = 4

// Idle counts the cost model speaks of past this machine's fd limit.
var extrapolateTo = []float64{100_000, 1_000_000}

// writeCostModel writes each backend's local fits of CPU per request,
// closed loop, per active count: near N* and near the largest idle count.
func (r *rendered) writeCostModel(w io.Writer) error {
	var rows [][]string
	for _, f := range r.fits {
		if f.mode != "closed" {
			continue
		}
		for _, b := range modelBackends() {
			if len(f.cells[b]) == 0 {
				continue
			}
			rows = append(rows, costRows(f, b, r.nearN(f, b))...)
		}
	}
	if len(rows) == 0 {
		_, err := fmt.Fprintln(w, "Not enough valid trials in a closed loop to fit the model.")
		return err
	}
	header := []string{"backend", "active", "fitted on idle", "trials", "b: ns/watched fd/wakeup", "b: ns/idle conn/req"}
	if err := writeTable(w, header, rows, 3); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nTheil–Sen fits of every valid trial (sweep and crossover probes) at the idle counts around a point, with Sen's 95%% interval: one near N*, one near the largest idle count measured, since poll's cost per fd grows once its fds stop fitting in cache. Per watched fd per wakeup is the slope against the fds the loop scanned per request; epoll scans only the ready ones, so its slope against idle connections, which should include 0, is the one to read. The open loop is left out: its CPU per request is the offered rate's once the server saturates.\n")
	return nil
}

// costRows are backend's fits near x and near the top, one row each (one
// when they are the same fit).
func costRows(f fitSet, b string, x float64) [][]string {
	idles := f.idles(b, cpuMetric)
	if len(idles) == 0 {
		return nil
	}
	var rows [][]string
	var last analysis.Line
	for i, at := range []float64{x, idles[len(idles)-1]} {
		c, err := f.fitCost(b, at, []float64{nearSpan, analysis.DefaultSpan}[i])
		if err != nil {
			rows = append(rows, []string{b, Thousands(int64(f.active)), "n/a — " + fitError(err), "", "", ""})
			break
		}
		if c.line.XMin == last.XMin && c.line.XMax == last.XMax {
			continue
		}
		last = c.line
		rows = append(rows, []string{b, Thousands(int64(f.active)), rangeText(c.line.XMin, c.line.XMax),
			Thousands(int64(c.line.N)), fdCostText(c), slopeText(c.line)})
	}
	return rows
}

func rangeText(lo, hi float64) string { return countText(lo) + "–" + countText(hi) }

func fdCostText(c costFit) string {
	if c.fdErr != nil {
		return "— (" + c.fdErr.Error() + ")"
	}
	return fmt.Sprintf("%s (%s to %s)", signedText(c.fd.Ns), signedText(c.fd.Lo), signedText(c.fd.Hi))
}

// slopeText is the slope per idle connection in ns with its interval.
func slopeText(l analysis.Line) string {
	return fmt.Sprintf("%s (%s to %s)", signedText(l.B*1e3), signedText(l.BLo*1e3), signedText(l.BHi*1e3))
}

// signedText is a figure that may be negative or an infinite bound,
// with a true minus sign.
func signedText(v float64) string {
	switch {
	case v > 1e300:
		return "∞"
	case v < -1e300:
		return "−∞"
	}
	return strings.Replace(FormatNumber(v), "-", "−", 1)
}

// nearN is where the model of backend is read near the answer: N* of the
// subject against it (or against poll, for the subject), measured, else
// the model's guess, else 100.
func (r *rendered) nearN(f fitSet, backend string) float64 {
	rival := backend
	if backend == Subject {
		rival = registry.Poll
	}
	for _, c := range r.run.Crossovers {
		if c.Subject != Subject || c.Rival != rival || c.Mode != f.mode || c.Active != f.active {
			continue
		}
		for _, m := range c.Metrics {
			if m.Metric == cpuMetric && m.Outcome == results.OutcomeFound {
				return m.NStar
			}
		}
	}
	for _, p := range r.predictions {
		if p.rival == rival && p.mode == f.mode && p.active == f.active && p.metric == cpuMetric && p.err == nil && p.pred.Kind == analysis.Crosses {
			return p.pred.N
		}
	}
	return 100
}

// writeExtrapolation writes what the fits near the top of the measured
// range say at 100,000 and 1,000,000 idle connections.
func (r *rendered) writeExtrapolation(w io.Writer) error {
	header := []string{"backend", "active", "fitted on idle"}
	for _, n := range extrapolateTo {
		header = append(header, fmt.Sprintf("CPU/req at %s idle (µs)", Thousands(int64(n))))
	}
	var rows [][]string
	onPaper := false
	for _, f := range r.fits {
		if f.mode != "closed" {
			continue
		}
		for _, b := range modelBackends() {
			if len(f.cells[b]) > 0 {
				rows = append(rows, extrapolationRow(f, b))
				onPaper = onPaper || b == registry.Select
			}
		}
	}
	if len(rows) == 0 {
		_, err := fmt.Fprintln(w, "Not enough valid trials in a closed loop to extrapolate.")
		return err
	}
	fmt.Fprintf(w, "This machine holds about %s idle connections (its fd limit). The fit near the largest idle count measured, projected further, with its 95%% band — the model's figure, not a measurement:\n\n",
		Thousands(int64(r.run.Machine.FdSoftLimit)))
	if err := writeTable(w, header, rows, 3); err != nil {
		return err
	}
	if onPaper {
		fmt.Fprintf(w, "\n† on paper only: select(2) cannot watch fds ≥ FD_SETSIZE (%d), so it can never hold this many connections.\n", registry.FdSetSize)
	}
	return nil
}

func extrapolationRow(f fitSet, b string) []string {
	name := b
	if b == registry.Select {
		name += " †"
	}
	proj, line, err := analysis.Extrapolate(f.obs(b, cpuMetric), extrapolateTo...)
	if err != nil {
		return []string{name, Thousands(int64(f.active)), "n/a — " + fitError(err), "", ""}
	}
	row := []string{name, Thousands(int64(f.active)), rangeText(line.XMin, line.XMax)}
	for _, p := range proj {
		row = append(row, fmt.Sprintf("%s (%s to %s)", signedText(p.Cost), signedText(p.Lo), signedText(p.Hi)))
	}
	return row
}
