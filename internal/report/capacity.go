package report

import (
	"fmt"
	"io"
	"path/filepath"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/muxbench/muxbench/internal/results"
)

// capacitySlug names the capacity figure's files.
const capacitySlug = "capacity"

// capacityIdles are the idle counts of the curve, ascending.
func capacityIdles(c *results.Capacity) []int {
	var idles []int
	for _, p := range c.Points {
		if !slices.Contains(idles, p.Idle) {
			idles = append(idles, p.Idle)
		}
	}
	slices.Sort(idles)
	return idles
}

// capacityBackends are the curve's backends in the run's order.
func capacityBackends(c *results.Capacity) []string {
	var out []string
	for _, p := range c.Points {
		if !slices.Contains(out, p.Backend) {
			out = append(out, p.Backend)
		}
	}
	return out
}

// capacityCell is one point as the table shows it: the highest rate that
// met the objective, "≥ N" when even the largest rate searched did, "≥ N
// lg" when the generator saturated at the next (noted), "< N" when not
// even the smallest did, "n/a" with its reason in the notes.
func capacityCell(p results.CapacityPoint, notes *notes) string {
	switch {
	case p.NA != "":
		notes.add(fmt.Sprintf("%s: n/a — %s", p.Backend, p.NA), p.Idle)
		return "n/a"
	case p.Met == 0:
		return "< " + FormatNumber(p.Failed)
	case p.GeneratorBound > 0 && p.Failed == 0:
		notes.add(fmt.Sprintf("%s: ≥ %s — the generator was 95%% busy or more at %s req/s, so the search stopped: the backend sustains more than one generator CPU offers",
			p.Backend, FormatNumber(p.Met), FormatNumber(p.GeneratorBound)), p.Idle)
		return "≥ " + FormatNumber(p.Met) + " lg"
	case p.Failed == 0:
		return "≥ " + FormatNumber(p.Met)
	}
	return FormatNumber(p.Met)
}

// WriteCapacity writes the capacity curve: a sentence saying what it is,
// the figure when drawn, a table of backend × idle count and its notes.
// Nothing when the run has no curve.
func WriteCapacity(w io.Writer, c *results.Capacity, figs []string) error {
	if c == nil {
		return nil
	}
	fmt.Fprintf(w, "The highest offered rate (req/s, open loop over %d connection%s) at which the corrected p99 stayed under %s µs, the rate was achieved and nothing failed; a bounded search of at most %d probes of %s each%s between %s and %s req/s, so each figure is within a factor of the next probe that failed; a rate whose p99 missed is probed again, up to twice, and counts as met when one probe meets it, so that a stall of the machine does not decide it (run.json holds every probe).\n\n",
		c.Active, plural(c.Active), FormatNumber(c.ObjectiveUs), c.Probes, c.Window, probeNote(c), FormatNumber(c.MinRate), FormatNumber(c.MaxRate))
	if len(figs) > 1 {
		fmt.Fprintf(w, "[![capacity](%s)](%s)\n\n", figs[1], figs[0])
	}
	idles := capacityIdles(c)
	header := []string{"backend"}
	for _, idle := range idles {
		header = append(header, "idle "+Thousands(int64(idle)))
	}
	notes := newNotes()
	var rows [][]string
	for _, b := range capacityBackends(c) {
		row := []string{b}
		for _, idle := range idles {
			text := "–"
			for _, p := range c.Points {
				if p.Backend == b && p.Idle == idle {
					text = capacityCell(p, notes)
				}
			}
			row = append(row, text)
		}
		rows = append(rows, row)
	}
	if err := writeTable(w, header, rows, 1); err != nil {
		return err
	}
	notes.write(w)
	return nil
}

// probeNote says how low-rate probes were lengthened.
func probeNote(c *results.Capacity) string {
	if c.MinSamples <= 0 {
		return ""
	}
	return fmt.Sprintf(" (longer at low rates, up to %s, for %s replies)", 4*c.Window, Thousands(int64(c.MinSamples)))
}

// writeCapacityPlot draws the curve, a line per backend over idle
// connections (rates on a log scale), as SVG and PNG under dir/plots; it
// returns their names, none when no point met the objective.
func writeCapacityPlot(dir string, c *results.Capacity, backends []string, caption string) ([]string, error) {
	if c == nil {
		return nil, nil
	}
	ax := newIdleAxis(capacityIdles(c))
	p := plot.New()
	p.Title.Text = fmt.Sprintf("capacity: highest rate with p99 under %s µs", FormatNumber(c.ObjectiveUs))
	p.X.Label.Text, p.Y.Label.Text = ax.Label(), "offered rate (req/s)"
	p.X.Scale, p.Y.Scale = plot.LogScale{}, plot.LogScale{}
	p.X.Tick.Marker, p.Y.Tick.Marker = plot.TickerFunc(ax.Ticks), logTicks{}
	p.Add(plotter.NewGrid())
	leg := plot.NewLegend()
	leg.Top, leg.Left = true, true
	drawn := 0
	for i, b := range backends {
		var xys plotter.XYs
		for _, pt := range c.Points {
			if pt.Backend == b && pt.NA == "" && pt.Met > 0 {
				xys = append(xys, plotter.XY{X: ax.X(pt.Idle), Y: pt.Met})
			}
		}
		if len(xys) == 0 {
			continue
		}
		line, marks, err := plotter.NewLinePoints(xys)
		if err != nil {
			return nil, fmt.Errorf("plot capacity %s: %w", b, err)
		}
		col, shape := backendStyle(i)
		line.Color, line.Width, marks.Color, marks.Shape = col, vg.Points(1.5), col, shape
		p.Add(line, marks)
		leg.Add(b, line, marks)
		drawn++
	}
	if drawn == 0 {
		return nil, nil
	}
	padAxes(p, true)
	return drawLegendPlot(dir, filepath.Join("plots", capacitySlug), p, leg, caption)
}

// writeCapacitySection writes the capacity curve under heading (nothing
// when the run has none).
func (r *rendered) writeCapacitySection(w io.Writer, heading string) error {
	if r.run.Capacity == nil {
		return nil
	}
	fmt.Fprintf(w, "\n%s\n\n", heading)
	return WriteCapacity(w, r.run.Capacity, r.figures[capacitySlug])
}
