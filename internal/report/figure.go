package report

import (
	"image/color"
	"path/filepath"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/muxbench/muxbench/internal/analysis"
	"github.com/muxbench/muxbench/internal/results"
)

// Figure size: four panels in a 2×2 grid, the legend and its notes in a
// column on the right so they never cover data.
const (
	figWidth    = 12 * vg.Inch
	figHeight   = 8.5 * vg.Inch
	legendWidth = 2.6 * vg.Inch
)

// WriteFigure draws a group's figure as SVG and PNG under dir and returns
// the two file names relative to dir. The CPU/req and p99 panels carry
// the overlay (the local fits and each search's N* with its interval);
// run gives the caption and, for an open-loop group, the capacity curve.
func WriteFigure(dir string, run *results.Run, g analysis.Group, backends []string, ov overlay) ([]string, error) {
	s, err := groupSheet(run, g, backends, ov)
	if err != nil {
		return nil, err
	}
	return s.write(dir, filepath.Join("plots", groupSlug(g)))
}

// groupSheet lays out a group's figure: the four panels of groupPanels
// in a 2×2 grid, the legend with the n/a reasons, the run's caption.
func groupSheet(run *results.Run, g analysis.Group, backends []string, ov overlay) (sheet, error) {
	ax := newIdleAxis(g.Idles()).roomFor(ov.probeIdles())
	panels := groupPanels(g, run.Capacity)
	notes := naNotes(g, backends)
	grid := make([][]panelPlot, 2)
	for i, draw := range panels {
		pp, panelNotes, err := draw(g, ax, backends, ov)
		if err != nil {
			return sheet{}, err
		}
		grid[i/2] = append(grid[i/2], pp)
		notes = append(notes, panelNotes...)
	}
	leg, err := figureLegend(g, backends, ov, hasStrip(grid))
	if err != nil {
		return sheet{}, err
	}
	if n := ax.zeroNote(); n != "" {
		notes = append(notes, figNote{plain: n})
	}
	return sheet{title: groupTitle(g), panels: grid, legend: leg, notes: mergeNotes(notes, len(panels)),
		caption: runCaption(run), width: figWidth, height: figHeight, side: legendWidth}, nil
}

// hasStrip says whether any panel marks an n/a under its axis.
func hasStrip(grid [][]panelPlot) bool {
	for _, row := range grid {
		for _, pp := range row {
			if len(pp.strip.rows) > 0 {
				return true
			}
		}
	}
	return false
}

// figureLegend names every backend once, with "(n/a)" for one that has no
// figure at all in this group, and explains the n/a marks when present.
func figureLegend(g analysis.Group, backends []string, ov overlay, marks bool) (plot.Legend, error) {
	leg := plot.NewLegend()
	leg.Top, leg.Left = true, true
	leg.TextStyle.Font.Size = vg.Points(10.5)
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
	}
	if marks {
		leg.Add("under an axis: n/a there", legendGlyph{draw.CrossGlyph{}})
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

// legendGlyph is a grey mark in the legend.
type legendGlyph struct{ shape draw.GlyphDrawer }

func (l legendGlyph) Thumbnail(c *draw.Canvas) {
	at := vg.Point{X: (c.Min.X + c.Max.X) / 2, Y: (c.Min.Y + c.Max.Y) / 2}
	c.DrawGlyph(draw.GlyphStyle{Color: plotGrey, Radius: vg.Points(3.5), Shape: l.shape}, at)
}

func hasFigures(g analysis.Group, backend string) bool {
	for _, c := range g.Cells {
		if c.Backend == backend && c.Valid+c.Bound > 0 {
			return true
		}
	}
	return false
}
