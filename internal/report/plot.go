package report

import (
	"fmt"
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/muxbench/muxbench/internal/analysis"
)

// panelSpec is one panel of a group's figure.
type panelSpec struct {
	metric string
	title  string
	logY   bool
}

// The views of a group, each against idle connections; groupPanels picks
// four.
var (
	p99Panel        = panelSpec{metric: p99Metric, title: "p99 latency", logY: true}
	cpuPanel        = panelSpec{metric: cpuMetric, title: "server CPU per request", logY: true}
	syscallsPanel   = panelSpec{metric: "syscalls_per_req", title: "syscalls per request", logY: true}
	throughputPanel = panelSpec{metric: "req_per_sec", title: "throughput"}
	p50Panel        = panelSpec{metric: "p50_us", title: "p50 latency (no capacity curve over these connections)", logY: true}
)

// series is one backend's points on one panel.
type series struct {
	pts plotter.XYs
	// lo and hi are the distances to the min and max of the trials.
	lo, hi []float64
	// breaks are the points after a cell without a figure: the line stops
	// before each, so it never runs through an n/a.
	breaks []int
}

// add appends a point with its bar, after a gap when gap is set.
func (s *series) add(pt plotter.XY, lo, hi float64, gap bool) {
	if gap && len(s.pts) > 0 {
		s.breaks = append(s.breaks, len(s.pts))
	}
	s.pts, s.lo, s.hi = append(s.pts, pt), append(s.lo, lo), append(s.hi, hi)
}

// segments are the runs of points the line joins.
func (s series) segments() []plotter.XYs {
	var out []plotter.XYs
	from := 0
	for _, b := range append(s.breaks, len(s.pts)) {
		out = append(out, s.pts[from:b])
		from = b
	}
	return out
}

func (s series) Len() int                        { return len(s.pts) }
func (s series) XY(i int) (float64, float64)     { return s.pts[i].X, s.pts[i].Y }
func (s series) YError(i int) (float64, float64) { return s.lo[i], s.hi[i] }

// seriesOf collects a backend's medians on one metric. A cell without a
// figure adds no point (naRow marks it under the axis). A pooled
// percentile can lie outside its trials' min–max (each trial's own
// percentile rests on fewer samples): the bar then reaches one side only,
// never below the point's own value on a log axis.
func seriesOf(g analysis.Group, backend, metric string, ax idleAxis, logY bool) series {
	var s series
	gap := false
	for _, idle := range g.Idles() {
		c, ok := g.Cell(backend, idle)
		if !ok {
			continue
		}
		st := c.Stat(metric)
		if !st.OK() || logY && min(st.Min, st.Median) <= 0 {
			gap = true
			continue
		}
		s.add(plotter.XY{X: ax.X(idle), Y: st.Median}, max(st.Median-st.Min, 0), max(st.Max-st.Median, 0), gap)
		gap = false
	}
	return s
}

// backendStyle gives each backend the same colour and glyph in every
// figure, by its position in the run's backend list.
func backendStyle(i int) (color.Color, draw.GlyphDrawer) {
	return plotutil.Color(i), plotutil.Shape(i)
}

// newPanel is an empty panel over the idle axis with the y axis of spec.
func newPanel(title, yLabel string, ax idleAxis, logY bool) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Y.Label.Text = yLabel
	p.X.Scale = plot.LogScale{}
	p.X.Tick.Marker = plot.TickerFunc(ax.Ticks)
	p.Y.Tick.Marker = plot.TickerFunc(readableTicks)
	if logY {
		p.Y.Scale = plot.LogScale{}
		p.Y.Tick.Marker = logTicks{}
	}
	p.Add(plotter.NewGrid())
	return p
}

// panel draws one metric of a group, with the overlay where it has one
// and the backends without a figure in the strip under the axis.
func panel(g analysis.Group, spec panelSpec, ax idleAxis, backends []string, ov overlay) (panelPlot, error) {
	m, _ := analysis.MetricByName(spec.metric)
	p := newPanel(spec.title, m.Label(), ax, spec.logY)
	pp := panelPlot{p: p, xLabel: ax.Label(), metric: spec.metric}
	drawn := 0
	for i, b := range backends {
		n, err := addSeries(p, seriesOf(g, b, spec.metric, ax, spec.logY), i, b)
		if err != nil {
			return pp, err
		}
		drawn += n
		if row, ok := naRow(g, b, spec.metric, ax, i); ok {
			pp.strip.rows = append(pp.strip.rows, row)
		}
	}
	if drawn == 0 {
		return emptyPanel(pp, spec.title), nil
	}
	if err := ov.add(p, spec.metric, ax, backends); err != nil {
		return pp, err
	}
	padAxes(p, spec.logY)
	return pp, nil
}

// emptyPanel is a panel with nothing measured: its title says so.
func emptyPanel(pp panelPlot, title string) panelPlot {
	pp.p.Title.Text = title + " — n/a in this run"
	pp.p.X.Scale, pp.p.Y.Scale = plot.LinearScale{}, plot.LinearScale{}
	pp.strip = strip{}
	return pp
}

// addSeries adds a backend's lines (one per segment), points and
// spread bars.
func addSeries(p *plot.Plot, s series, i int, name string) (int, error) {
	if s.Len() == 0 {
		return 0, nil
	}
	col, shape := backendStyle(i)
	for _, seg := range s.segments() {
		line, err := plotter.NewLine(seg)
		if err != nil {
			return 0, fmt.Errorf("plot %s: %w", name, err)
		}
		line.Color, line.Width = col, vg.Points(1.5)
		p.Add(line)
	}
	points, err := plotter.NewScatter(s)
	if err != nil {
		return 0, fmt.Errorf("plot %s: %w", name, err)
	}
	points.Color, points.Shape = col, shape
	bars, err := plotter.NewYErrorBars(s)
	if err != nil {
		return 0, fmt.Errorf("plot %s spread: %w", name, err)
	}
	bars.Color = col
	p.Add(points, bars)
	return 1, nil
}

// padAxes leaves room around the data so points and marks are not cut by
// the frame.
func padAxes(p *plot.Plot, logY bool) {
	p.X.Min /= 1.6
	p.X.Max *= 1.6
	if logY {
		p.Y.Min /= 1.4
		p.Y.Max *= 1.4
		return
	}
	span := p.Y.Max - p.Y.Min
	if span == 0 {
		span = p.Y.Max
	}
	p.Y.Min -= span * 0.1
	p.Y.Max += span * 0.15
	if p.Y.Min < 0 {
		p.Y.Min = 0
	}
}

var (
	plotBackground = color.White
	plotGrey       = color.Gray{Y: 90}
	plotInk        = color.Black
	plotCaptionInk = color.Gray{Y: 70}
)

// readableTicks are gonum's default ticks labelled with thousands
// separators, so 1000000 reads 1,000,000.
func readableTicks(lo, hi float64) []plot.Tick {
	ticks := plot.DefaultTicks{}.Ticks(lo, hi)
	for i := range ticks {
		if ticks[i].Label != "" {
			ticks[i].Label = FormatNumber(ticks[i].Value)
		}
	}
	return ticks
}
