package report

import (
	"fmt"
	"image/color"
	"io"
	"os"
	"path/filepath"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/muxbench/muxbench/internal/analysis"
)

// Figure size: four panels in a 2×2 grid, the legend in a column on the
// right so it never covers data.
const (
	figWidth    = 12 * vg.Inch
	figHeight   = 8.5 * vg.Inch
	legendWidth = 2.2 * vg.Inch
	titleHeight = 0.45 * vg.Inch
	pngDPI      = 110
)

// WriteFigure draws a group's figure as SVG and PNG under dir and returns
// the two file names relative to dir.
// The CPU/req and p99 panels carry the overlay: the local fits and each
// search's N* with its interval.
func WriteFigure(dir string, g analysis.Group, backends []string, ov overlay) ([]string, error) {
	ax := newIdleAxis(g.Idles()).roomFor(ov.probeIdles())
	var plots [][]*plot.Plot
	for row := 0; row < 2; row++ {
		var line []*plot.Plot
		for col := 0; col < 2; col++ {
			p, err := panel(g, plotPanels[row*2+col], ax, backends, ov)
			if err != nil {
				return nil, err
			}
			line = append(line, p)
		}
		plots = append(plots, line)
	}
	leg, err := figureLegend(g, backends, ov)
	if err != nil {
		return nil, err
	}
	base := filepath.Join("plots", groupSlug(g))
	svg := vgsvg.New(figWidth, figHeight)
	png := vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(figWidth, figHeight), vgimg.UseDPI(pngDPI))}
	for _, out := range []struct {
		c    vg.CanvasWriterTo
		name string
	}{{svg, base + ".svg"}, {png, base + ".png"}} {
		drawFigure(draw.New(out.c), g, ax, plots, leg)
		if err := writeCanvas(filepath.Join(dir, out.name), out.c); err != nil {
			return nil, err
		}
	}
	return []string{base + ".svg", base + ".png"}, nil
}

func drawFigure(c draw.Canvas, g analysis.Group, ax idleAxis, plots [][]*plot.Plot, leg plot.Legend) {
	c.SetColor(plotBackground)
	c.Fill(c.Rectangle.Path())
	title := plot.New().Title.TextStyle
	title.Font.Size = vg.Points(15)
	title.XAlign, title.YAlign = draw.XCenter, draw.YCenter
	c.FillText(title, vg.Point{X: (c.Min.X + c.Max.X - legendWidth) / 2, Y: c.Max.Y - titleHeight/2}, groupTitle(g))
	grid := draw.Crop(c, 0, -legendWidth, 0, -titleHeight)
	tiles := draw.Tiles{Rows: 2, Cols: 2, PadX: vg.Points(18), PadY: vg.Points(14),
		PadTop: vg.Points(4), PadBottom: vg.Points(6), PadLeft: vg.Points(6), PadRight: vg.Points(6)}
	canvases := plot.Align(plots, tiles, grid)
	for i := range plots {
		for j := range plots[i] {
			plots[i][j].Draw(canvases[i][j])
			drawXLabel(plots[i][j], canvases[i][j], ax.Label())
		}
	}
	side := draw.Crop(c, c.Max.X-c.Min.X-legendWidth, 0, 0, -titleHeight-vg.Points(20))
	leg.Draw(side)
}

// figureLegend names every backend once, with "(n/a)" for one that has no
// figure at all in this group, and explains the stop mark when present.
func figureLegend(g analysis.Group, backends []string, ov overlay) (plot.Legend, error) {
	leg := plot.NewLegend()
	leg.Top, leg.Left = true, true
	leg.TextStyle.Font.Size = vg.Points(10.5)
	stops := false
	for i, b := range backends {
		col, shape := backendStyle(i)
		line, points, err := plotter.NewLinePoints(plotter.XYs{{X: 1, Y: 1}})
		if err != nil {
			return leg, err
		}
		line.Color, line.Width, points.Color, points.Shape = col, vg.Points(1.5), col, shape
		name := b
		if !hasFigures(g, b) {
			name += " (n/a)"
		}
		leg.Add(name, line, points)
		for _, spec := range plotPanels {
			stops = stops || seriesOf(g, b, spec.metric, newIdleAxis(g.Idles()).roomFor(ov.probeIdles()), spec.logY).stop
		}
	}
	if stops {
		mark, err := plotter.NewScatter(plotter.XYs{{X: 1, Y: 1}})
		if err != nil {
			return leg, err
		}
		mark.Shape, mark.Color, mark.Radius = draw.CrossGlyph{}, plotGrey, vg.Points(5)
		leg.Add("cannot run (n/a)", mark)
	}
	leg.Add("bars: min–max of trials")
	return leg, overlayLegend(&leg, ov, backends)
}

// overlayLegend explains the fitted lines and the N* bands.
func overlayLegend(leg *plot.Legend, ov overlay, backends []string) error {
	if ov.fits != nil {
		l, err := plotter.NewLine(plotter.XYs{{X: 1, Y: 1}, {X: 2, Y: 2}})
		if err != nil {
			return err
		}
		l.Color, l.Dashes = plotGrey, []vg.Length{vg.Points(3), vg.Points(2)}
		leg.Add("dashed: local Theil–Sen fits", l)
	}
	for _, c := range ov.searches {
		for _, m := range c.Metrics {
			if _, ok := stated(c, m); ok && ov.drawn(m.Metric) {
				col, _ := backendStyle(indexOf(backends, c.Rival))
				leg.Add("band: N* vs "+c.Rival+" (95% CI)", legendSwatch{col})
				return nil
			}
		}
	}
	return nil
}

// legendSwatch is a band's colour in the legend.
type legendSwatch struct{ color color.Color }

func (s legendSwatch) Thumbnail(c *draw.Canvas) {
	r, g, b, _ := s.color.RGBA()
	c.SetColor(color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: 0x60})
	c.Fill(c.Rectangle.Path())
}

func hasFigures(g analysis.Group, backend string) bool {
	for _, c := range g.Cells {
		if c.Backend == backend && c.Valid > 0 {
			return true
		}
	}
	return false
}

func writeCanvas(path string, c io.WriterTo) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := c.WriteTo(f); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	return f.Close()
}
