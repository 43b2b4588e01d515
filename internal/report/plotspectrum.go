package report

import (
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strings"

	hdr "github.com/HdrHistogram/hdrhistogram-go"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/muxbench/muxbench/internal/analysis"
	"github.com/muxbench/muxbench/internal/results"
)

// The percentile spectrum is what HdrHistogram and wrk2 users read:
// latency against percentile, the percentile on the log axis of
// 1/(1−p), so 90%, 99%, 99.9%, 99.99% and 99.999% sit a decade apart.
// A group's spectrum figure has a panel per idle count and a line per
// backend, from the cell's pooled latency histogram (the valid timed
// trials, coordinated omission corrected, as run.json embeds them since
// schema 3). A line stops where fewer than one sample lies beyond the
// percentile: further on, the histogram says nothing new.

// spectrumSlug names a group's spectrum figure.
func spectrumSlug(g analysis.Group) string { return groupSlug(g) + "-spectrum" }

// spectrumStepsPerDecade is how finely the percentile axis is sampled.
const spectrumStepsPerDecade = 10

// spectrumDecades is the span of the axis: 0% to 99.999%.
const spectrumDecades = 5

// spectrumSeries samples h on the percentile axis: x is 1/(1−p), y the
// latency in µs; x is increasing and at most h's sample count.
func spectrumSeries(h *hdr.Histogram) plotter.XYs {
	var pts plotter.XYs
	n := float64(h.TotalCount())
	for k := 0; k <= spectrumDecades*spectrumStepsPerDecade; k++ {
		x := math.Pow(10, float64(k)/spectrumStepsPerDecade)
		if x > n {
			break
		}
		pts = append(pts, plotter.XY{X: x, Y: float64(h.ValueAtQuantile(100*(1-1/x))) / 1e3})
	}
	return pts
}

// spectrumTicks label the decades of the percentile axis.
func spectrumTicks(_, _ float64) []plot.Tick {
	labels := []string{"0%", "90%", "99%", "99.9%", "99.99%", "99.999%"}
	ticks := make([]plot.Tick, len(labels))
	for i, l := range labels {
		ticks[i] = plot.Tick{Value: math.Pow(10, float64(i)), Label: l}
	}
	return ticks
}

// spectrumPanel draws the cells of g at idle, a line per backend with a
// pooled histogram; the strip's note names the backends without one.
func spectrumPanel(g analysis.Group, idle int, backends []string) (panelPlot, error) {
	p := plot.New()
	p.Title.Text = "idle " + Thousands(int64(idle))
	p.Y.Label.Text = "latency (µs)"
	p.X.Scale, p.Y.Scale = plot.LogScale{}, plot.LogScale{}
	p.X.Tick.Marker, p.Y.Tick.Marker = plot.TickerFunc(spectrumTicks), logTicks{}
	p.X.Min, p.X.Max = 1, math.Pow(10, spectrumDecades)
	p.Add(plotter.NewGrid())
	pp := panelPlot{p: p, xLabel: "percentile (log scale of 1/(1−p))", metric: analysis.HistLatency}
	var missing []string
	for i, b := range backends {
		c, ok := g.Cell(b, idle)
		if !ok {
			continue
		}
		h := c.Hists[analysis.HistLatency]
		if h == nil {
			missing = append(missing, b)
			continue
		}
		if err := addSpectrumLine(pp, spectrumSeries(h), i, b); err != nil {
			return pp, err
		}
		pp.lines = append(pp.lines, b)
	}
	if len(pp.lines) == 0 {
		pp = emptyPanel(pp, p.Title.Text)
	}
	pp.strip.note = missingNote(missing)
	return pp, nil
}

// addSpectrumLine adds one backend's spectrum, a line without glyphs.
func addSpectrumLine(pp panelPlot, pts plotter.XYs, i int, name string) error {
	l, err := plotter.NewLine(pts)
	if err != nil {
		return fmt.Errorf("spectrum %s: %w", name, err)
	}
	col, _ := backendStyle(i)
	l.Color, l.Width = col, vg.Points(1.5)
	pp.p.Add(l)
	return nil
}

// missingNote names the backends of a panel without a pooled histogram
// (the cell could not run, every trial was flagged, or run.json predates
// schema 3).
func missingNote(backends []string) string {
	if len(backends) == 0 {
		return ""
	}
	return "no pooled histogram (cell n/a, or every timed trial flagged): " + strings.Join(backends, ", ")
}

// spectrumSheet lays out g's spectrum: a panel per idle count, two to a
// row. Its panels are nil when no cell of g has a pooled histogram.
func spectrumSheet(run *results.Run, g analysis.Group, backends []string) (sheet, error) {
	idles := g.Idles()
	if !hasHistograms(g) || len(idles) == 0 {
		return sheet{}, nil
	}
	cols := min(2, len(idles))
	rows := (len(idles) + cols - 1) / cols
	grid := make([][]panelPlot, rows)
	for i, idle := range idles {
		pp, err := spectrumPanel(g, idle, backends)
		if err != nil {
			return sheet{}, err
		}
		grid[i/cols] = append(grid[i/cols], pp)
	}
	for len(grid[rows-1]) < cols {
		grid[rows-1] = append(grid[rows-1], panelPlot{})
	}
	leg, err := spectrumLegend(g, backends)
	if err != nil {
		return sheet{}, err
	}
	notes := []string{"Each line is a cell's pooled latency histogram (valid timed trials, coordinated omission corrected); 0% is its minimum. A line ends where fewer than one sample lies beyond the percentile."}
	return sheet{title: "percentile spectrum: " + groupTitle(g), panels: grid, legend: leg, notes: notes, caption: runCaption(run),
		width: figWidth, height: vg.Length(rows)*4*vg.Inch + titleHeight + captionHeight, side: legendWidth}, nil
}

// hasHistograms says whether any cell of g has a pooled latency histogram.
func hasHistograms(g analysis.Group) bool {
	for _, c := range g.Cells {
		if c.Hists[analysis.HistLatency] != nil {
			return true
		}
	}
	return false
}

// spectrumLegend names the backends with a histogram in g.
func spectrumLegend(g analysis.Group, backends []string) (plot.Legend, error) {
	leg := plot.NewLegend()
	leg.Top, leg.Left = true, true
	leg.TextStyle.Font.Size = vg.Points(10.5)
	for i, b := range backends {
		if !slices.ContainsFunc(g.Cells, func(c analysis.CellSummary) bool { return c.Backend == b && c.Hists[analysis.HistLatency] != nil }) {
			continue
		}
		l, err := plotter.NewLine(plotter.XYs{{X: 1, Y: 1}, {X: 2, Y: 2}})
		if err != nil {
			return leg, err
		}
		l.Color, _ = backendStyle(i)
		l.Width = vg.Points(1.5)
		leg.Add(b, l)
	}
	return leg, nil
}

// writeSpectrum draws g's spectrum figure under dir/plots and returns its
// SVG and PNG names; none when no cell of g has a pooled histogram.
func writeSpectrum(dir string, run *results.Run, g analysis.Group, backends []string) ([]string, error) {
	s, err := spectrumSheet(run, g, backends)
	if err != nil || s.panels == nil {
		return nil, err
	}
	return s.write(dir, filepath.Join("plots", spectrumSlug(g)))
}
