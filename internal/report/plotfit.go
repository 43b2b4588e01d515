package report

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/muxbench/muxbench/internal/analysis"
	"github.com/muxbench/muxbench/internal/results"
)

// overlay is what the CPU/req and p99 panels draw beside the medians:
// each backend's local fits of the cost model, and the searches' N* with
// its interval as a band.
type overlay struct {
	fits     *fitSet
	searches []results.Crossover
}

// overlayOf is the overlay of a sweep group: its mode and active count.
func (r *rendered) overlayOf(g analysis.Group) overlay {
	var ov overlay
	for i := range r.fits {
		if r.fits[i].mode == g.Mode && r.fits[i].active == g.Active {
			ov.fits = &r.fits[i]
		}
	}
	for _, c := range r.run.Crossovers {
		if c.Mode == g.Mode && c.Active == g.Active {
			ov.searches = append(ov.searches, c)
		}
	}
	return ov
}

// drawn says whether a panel of metric gets the overlay.
func (ov overlay) drawn(metric string) bool { return metric == cpuMetric || metric == p99Metric }

// probeIdles are the idle counts the searches probed, so the axis leaves
// room for them left of the sweep's first non-zero count.
func (ov overlay) probeIdles() []int {
	var out []int
	for _, c := range ov.searches {
		out = append(out, probedIdles(c)...)
	}
	return out
}

// add draws the fits and bands of metric on p.
func (ov overlay) add(p *plot.Plot, metric string, ax idleAxis, backends []string) error {
	if !ov.drawn(metric) {
		return nil
	}
	for i, b := range backends {
		if err := ov.addFits(p, metric, b, i, ax); err != nil {
			return err
		}
	}
	for _, c := range ov.searches {
		for _, m := range c.Metrics {
			if st, ok := stated(c, m); ok && m.Metric == metric {
				col, _ := backendStyle(indexOf(backends, c.Rival))
				p.Add(nStarBand{lo: ax.XOf(st.lo), hi: ax.XOf(st.hi), at: ax.XOf(st.n), color: col})
			}
		}
	}
	return nil
}

func indexOf(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	return len(list)
}

// addFits draws backend's local Theil–Sen fits, dashed: one line per
// segment between two idle counts it was measured at, fitted around the
// segment's middle.
func (ov overlay) addFits(p *plot.Plot, metric, backend string, i int, ax idleAxis) error {
	if ov.fits == nil {
		return nil
	}
	obs := ov.fits.obs(backend, metric)
	levels := ov.fits.idles(backend, metric)
	col, _ := backendStyle(i)
	for j := 1; j < len(levels); j++ {
		lo, hi := levels[j-1], levels[j]
		line, err := analysis.FitNear(obs, math.Sqrt((1+lo)*(1+hi))-1, analysis.DefaultSpan)
		if err != nil {
			continue
		}
		pts := segmentPoints(line, math.Max(lo, ax.zeroX), hi)
		if len(pts) < 2 {
			continue
		}
		l, err := plotter.NewLine(pts)
		if err != nil {
			return err
		}
		l.Color, l.Width, l.Dashes = col, vg.Points(0.8), []vg.Length{vg.Points(3), vg.Points(2)}
		p.Add(l)
	}
	return nil
}

// segmentPoints samples a line between two idle counts on the log scale,
// keeping the positive values a log axis can show.
func segmentPoints(l analysis.Line, lo, hi float64) plotter.XYs {
	const steps = 12
	var pts plotter.XYs
	for k := 0; k <= steps; k++ {
		x := lo * math.Pow(hi/lo, float64(k)/steps)
		if y := l.At(x); y > 0 {
			pts = append(pts, plotter.XY{X: x, Y: y})
		}
	}
	return pts
}

// nStarBand is a search's N* on a panel: its interval shaded across the
// whole height and the estimate as a line. It reports no data range, so
// it does not stretch the axes.
type nStarBand struct {
	lo, hi, at float64
	color      color.Color
}

func (b nStarBand) Plot(c draw.Canvas, plt *plot.Plot) {
	trX, _ := plt.Transforms(&c)
	x1, x2 := trX(b.lo), trX(b.hi)
	r, g, bl, _ := b.color.RGBA()
	c.SetColor(color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(bl >> 8), A: 0x30})
	c.Fill(rect(x1, x2, c.Min.Y, c.Max.Y))
	x := trX(b.at)
	c.StrokeLine2(draw.LineStyle{Color: b.color, Width: vg.Points(1)}, x, c.Min.Y, x, c.Max.Y)
}

func rect(x1, x2, y1, y2 vg.Length) vg.Path {
	var p vg.Path
	p.Move(vg.Point{X: x1, Y: y1})
	p.Line(vg.Point{X: x2, Y: y1})
	p.Line(vg.Point{X: x2, Y: y2})
	p.Line(vg.Point{X: x1, Y: y2})
	p.Close()
	return p
}
