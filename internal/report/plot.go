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

// PlotPanels are the four views of a group, each against idle connections.
var plotPanels = []panelSpec{
	{metric: "p99_us", title: "p99 latency", logY: true},
	{metric: "cpu_us_per_req", title: "server CPU per request", logY: true},
	{metric: "syscalls_per_req", title: "syscalls per request", logY: true},
	{metric: "req_per_sec", title: "throughput", logY: false},
}

// series is one backend's points on one panel.
type series struct {
	pts plotter.XYs
	// lo and hi are the distances to the min and max of the trials.
	lo, hi []float64
	// stop is set when the backend could not run past its last point.
	stop    bool
	stopPt  plotter.XY
	stopWhy string
}

func (s series) Len() int                        { return len(s.pts) }
func (s series) XY(i int) (float64, float64)     { return s.pts[i].X, s.pts[i].Y }
func (s series) YError(i int) (float64, float64) { return s.lo[i], s.hi[i] }

// seriesOf collects a backend's medians on one metric; cells that could
// not run after the last point become the stop mark.
func seriesOf(g analysis.Group, backend, metric string, ax idleAxis, logY bool) series {
	var s series
	for _, idle := range g.Idles() {
		c, ok := g.Cell(backend, idle)
		if !ok {
			continue
		}
		st := c.Stat(metric)
		if st.OK() && (!logY || st.Min > 0) {
			s.pts = append(s.pts, plotter.XY{X: ax.X(idle), Y: st.Median})
			s.lo = append(s.lo, st.Median-st.Min)
			s.hi = append(s.hi, st.Max-st.Median)
			continue
		}
		if c.NA != "" && len(s.pts) > 0 && !s.stop {
			s.stop, s.stopWhy = true, c.NA
			s.stopPt = plotter.XY{X: ax.X(idle), Y: s.pts[len(s.pts)-1].Y}
		}
	}
	return s
}

// backendStyle gives each backend the same colour and glyph in every
// figure, by its position in the run's backend list.
func backendStyle(i int) (color.Color, draw.GlyphDrawer) {
	return plotutil.Color(i), plotutil.Shape(i)
}

// panel draws one metric of a group, with the overlay where it has one.
func panel(g analysis.Group, spec panelSpec, ax idleAxis, backends []string, ov overlay) (*plot.Plot, error) {
	m, _ := analysis.MetricByName(spec.metric)
	p := plot.New()
	p.Title.Text = spec.title
	// gonum centres the x label on the arithmetic midpoint of the data
	// range, which a log scale pushes far right and which then squeezes
	// the panel; a blank label reserves the room and drawXLabel fills it.
	p.X.Label.Text = " "
	p.Y.Label.Text = m.Label()
	p.X.Scale = plot.LogScale{}
	p.X.Tick.Marker = plot.TickerFunc(ax.Ticks)
	p.Y.Tick.Marker = plot.TickerFunc(readableTicks)
	if spec.logY {
		p.Y.Scale = plot.LogScale{}
		p.Y.Tick.Marker = logTicks{}
	}
	p.Add(plotter.NewGrid())
	drawn := 0
	for i, b := range backends {
		s := seriesOf(g, b, spec.metric, ax, spec.logY)
		n, err := addSeries(p, s, i, b)
		if err != nil {
			return nil, err
		}
		drawn += n
	}
	if drawn > 0 {
		if err := ov.add(p, spec.metric, ax, backends); err != nil {
			return nil, err
		}
	}
	if drawn == 0 {
		p.Title.Text = spec.title + " — n/a in this run"
		p.X.Scale, p.Y.Scale = plot.LinearScale{}, plot.LinearScale{}
	} else {
		padAxes(p, spec.logY)
	}
	return p, nil
}

// addSeries adds a backend's line, spread bars and stop mark.
func addSeries(p *plot.Plot, s series, i int, name string) (int, error) {
	if s.Len() == 0 {
		return 0, nil
	}
	col, shape := backendStyle(i)
	line, points, err := plotter.NewLinePoints(s)
	if err != nil {
		return 0, fmt.Errorf("plot %s: %w", name, err)
	}
	line.Color, line.Width = col, vg.Points(1.5)
	points.Color, points.Shape = col, shape
	bars, err := plotter.NewYErrorBars(s)
	if err != nil {
		return 0, fmt.Errorf("plot %s spread: %w", name, err)
	}
	bars.Color = col
	p.Add(line, points, bars)
	if s.stop {
		if err := addStop(p, s, col); err != nil {
			return 0, err
		}
	}
	return 1, nil
}

// addStop marks where a backend cannot run: a cross at the first idle
// count it refused, at the height of its last point, labelled "n/a".
func addStop(p *plot.Plot, s series, col color.Color) error {
	pts := plotter.XYs{s.stopPt}
	mark, err := plotter.NewScatter(pts)
	if err != nil {
		return err
	}
	mark.Shape, mark.Color, mark.Radius = draw.CrossGlyph{}, col, vg.Points(5)
	lbl, err := plotter.NewLabels(plotter.XYLabels{XYs: pts, Labels: []string{"n/a"}})
	if err != nil {
		return err
	}
	lbl.Offset = vg.Point{X: vg.Points(6), Y: vg.Points(2)}
	for i := range lbl.TextStyle {
		lbl.TextStyle[i].Color = col
	}
	p.Add(mark, lbl)
	return nil
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
)

// drawXLabel writes the idle axis label centred under a drawn panel.
func drawXLabel(p *plot.Plot, c draw.Canvas, label string) {
	data := p.DataCanvas(c)
	sty := p.X.Label.TextStyle
	sty.XAlign, sty.YAlign = draw.XCenter, draw.YBottom
	c.FillText(sty, vg.Point{X: (data.Min.X + data.Max.X) / 2, Y: c.Min.Y}, label)
}

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
