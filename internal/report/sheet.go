package report

import (
	"fmt"
	"image/color"
	"io"
	"os"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// A sheet is one figure file: a title on top, panels in a grid, a column
// on the right for the legend and its notes (so neither covers data), and
// the run's caption along the bottom. Every figure of the report is one.
type sheet struct {
	title string
	// panels are the grid's rows, all as long; a panel with a nil plot
	// is an empty tile.
	panels [][]panelPlot
	legend plot.Legend
	// notes are wrapped to the legend column, under the legend.
	notes   []string
	caption string
	// width and height are the whole figure's; side the legend column's.
	width, height, side vg.Length
}

// panelPlot is one panel: a gonum plot, its x axis title (drawn centred
// under the data area: gonum centres it on the middle of the data range,
// which a log scale pushes right) and the strip under its x axis.
type panelPlot struct {
	p      *plot.Plot
	xLabel string
	strip  strip
	// metric names what the panel shows (a Metric's name, or
	// capacityMetric), for the tests; lines the backends it drew a line
	// of, where that is not a metric's series (the spectrum).
	metric string
	lines  []string
}

const (
	titleHeight   = 0.45 * vg.Inch
	captionHeight = 0.25 * vg.Inch
	pngDPI        = 110
)

var (
	titleSize   = vg.Points(15)
	captionSize = vg.Points(9)
	noteSize    = vg.Points(9)
)

// drawnSheet is where a drawn sheet put its data areas and its strip
// marks, for the tests.
type drawnSheet struct {
	data  []vg.Rectangle
	marks []vg.Point
}

// write draws the sheet as base.svg and base.png under dir and returns
// the two names (relative to dir).
func (s sheet) write(dir, base string) ([]string, error) {
	svg := vgsvg.New(s.width, s.height)
	png := vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(s.width, s.height), vgimg.UseDPI(pngDPI))}
	for _, out := range []struct {
		c    vg.CanvasWriterTo
		name string
	}{{svg, base + ".svg"}, {png, base + ".png"}} {
		s.draw(draw.New(out.c))
		if err := writeCanvas(filepath.Join(dir, out.name), out.c); err != nil {
			return nil, err
		}
	}
	return []string{base + ".svg", base + ".png"}, nil
}

// draw lays the sheet out on c.
func (s sheet) draw(c draw.Canvas) drawnSheet {
	c.SetColor(plotBackground)
	c.Fill(c.Rectangle.Path())
	top := vg.Length(0)
	if s.title != "" {
		top = titleHeight
		sty := textStyle(titleSize, plotInk)
		sty.XAlign, sty.YAlign = draw.XCenter, draw.YCenter
		c.FillText(sty, vg.Point{X: (c.Min.X + c.Max.X - s.side) / 2, Y: c.Max.Y - titleHeight/2}, s.title)
	}
	if s.caption != "" {
		sty := textStyle(captionSize, plotCaptionInk)
		sty.XAlign, sty.YAlign = draw.XLeft, draw.YBottom
		c.FillText(sty, vg.Point{X: c.Min.X + vg.Points(8), Y: c.Min.Y + vg.Points(4)}, s.caption)
	}
	grid := draw.Crop(c, 0, -s.side, captionHeight, -top)
	out := s.drawPanels(grid)
	side := draw.Crop(c, c.Max.X-c.Min.X-s.side, 0, captionHeight, -top-vg.Points(20))
	s.legend.Draw(side)
	below := s.legend.Rectangle(side).Min.Y - vg.Points(12)
	drawNotes(side, below, s.notes)
	return out
}

// drawPanels draws the grid with aligned data areas, each panel's x
// title and strip.
func (s sheet) drawPanels(grid draw.Canvas) drawnSheet {
	var plots [][]*plot.Plot
	for _, row := range s.panels {
		var line []*plot.Plot
		for _, pp := range row {
			if pp.p != nil {
				pp.reserve()
			}
			line = append(line, pp.p)
		}
		plots = append(plots, line)
	}
	tiles := draw.Tiles{Rows: len(plots), Cols: len(plots[0]), PadX: vg.Points(18), PadY: vg.Points(14),
		PadTop: vg.Points(4), PadBottom: vg.Points(6), PadLeft: vg.Points(6), PadRight: vg.Points(6)}
	var out drawnSheet
	canvases := plot.Align(plots, tiles, grid)
	for i, row := range s.panels {
		for j, pp := range row {
			if pp.p == nil {
				continue // an empty tile of the last row
			}
			pc := canvases[i][j]
			pp.p.Draw(pc)
			pp.drawXLabel(pc)
			out.data = append(out.data, pp.p.DataCanvas(pc).Rectangle)
			out.marks = append(out.marks, pp.drawStrip(pc)...)
		}
	}
	return out
}

// reserve leaves room under the x tick labels for the strip and the x
// title, which drawXLabel writes.
func (pp panelPlot) reserve() {
	pp.p.X.Label.Text = " "
	pp.p.X.Label.Padding = vg.Points(2) + pp.strip.height()
}

// drawXLabel writes the x title centred under the data area.
func (pp panelPlot) drawXLabel(c draw.Canvas) {
	data := pp.p.DataCanvas(c)
	sty := pp.p.X.Label.TextStyle
	sty.XAlign, sty.YAlign = draw.XCenter, draw.YBottom
	c.FillText(sty, vg.Point{X: (data.Min.X + data.Max.X) / 2, Y: c.Min.Y}, pp.xLabel)
}

// textStyle is the plots' font at size in colour ink.
func textStyle(size vg.Length, ink color.Color) draw.TextStyle {
	sty := plot.New().Title.TextStyle
	sty.Font.Size = size
	sty.Color = ink
	return sty
}

// drawNotes writes notes from y down, each wrapped to the column's width.
func drawNotes(c draw.Canvas, y vg.Length, notes []string) {
	sty := textStyle(noteSize, plotInk)
	sty.XAlign, sty.YAlign = draw.XLeft, draw.YTop
	x := c.Min.X + vg.Points(4)
	for _, n := range notes {
		for _, line := range wrapText(n, c.Max.X-x-vg.Points(4), sty) {
			c.FillText(sty, vg.Point{X: x, Y: y}, line)
			y -= sty.Height(line)
		}
		y -= vg.Points(5)
	}
}

// wrapText splits s into lines no wider than width, at spaces.
func wrapText(s string, width vg.Length, sty draw.TextStyle) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		next := word
		if line != "" {
			next = line + " " + word
		}
		if line != "" && sty.Width(next) > width {
			lines = append(lines, line)
			next = word
		}
		line = next
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
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
