package report

import (
	"fmt"
	"image/color"
	"strings"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/muxbench/muxbench/internal/analysis"
)

// An n/a is never drawn at a height: a height would read as a
// measurement (select at 5,000 idle once looked like a measured 418 µs).
// Where a backend has no figure at an x, its panel shows a cross at that
// x in the strip under the x axis, outside the data area, in a row of its
// own named after the backend; the legend says why.

// strip is what a panel shows under its x axis: a row per backend with
// no figure somewhere, and a line of text.
type strip struct {
	rows []stripRow
	note string
}

// stripRow is one backend's marks: a cross at each x (data coordinates)
// where it has no figure.
type stripRow struct {
	label string
	color color.Color
	xs    []float64
}

const stripRowHeight = 11 // points

var stripLabelSize = vg.Points(8)

// height is the room the strip takes under the tick labels.
func (s strip) height() vg.Length {
	n := len(s.rows)
	if s.note != "" {
		n++
	}
	return vg.Points(float64(n * stripRowHeight))
}

// drawStrip draws pp's strip on its canvas c (as drawn by plot.Align),
// between the tick labels and the x title, and returns where it put the
// marks.
func (pp panelPlot) drawStrip(c draw.Canvas) []vg.Point {
	s := pp.strip
	if s.height() == 0 {
		return nil
	}
	data := pp.p.DataCanvas(c)
	trX, _ := pp.p.Transforms(&data)
	top := c.Min.Y + pp.p.X.Label.TextStyle.Height(pp.p.X.Label.Text) + vg.Points(2) + s.height()
	row := vg.Points(stripRowHeight)
	var marks []vg.Point
	for i, r := range s.rows {
		y := top - row*vg.Length(i) - row/2
		sty := textStyle(stripLabelSize, r.color)
		sty.XAlign, sty.YAlign = draw.XRight, draw.YCenter
		c.FillText(sty, vg.Point{X: data.Min.X - vg.Points(4), Y: y}, r.label)
		for _, x := range r.xs {
			pt := vg.Point{X: trX(x), Y: y}
			c.DrawGlyph(draw.GlyphStyle{Color: r.color, Radius: vg.Points(3.5), Shape: draw.CrossGlyph{}}, pt)
			marks = append(marks, pt)
		}
	}
	if s.note != "" {
		sty := textStyle(stripLabelSize, plotInk)
		sty.XAlign, sty.YAlign = draw.XLeft, draw.YCenter
		c.FillText(sty, vg.Point{X: data.Min.X, Y: top - row*vg.Length(len(s.rows)) - row/2}, s.note)
	}
	return marks
}

// naRow is backend's row on a panel of metric: the idle counts of the
// group where the backend has a cell but no figure (the cell could not
// run, every trial was flagged, the metric was not measured). ok is false
// when it has a figure everywhere.
func naRow(g analysis.Group, backend, metric string, ax idleAxis, i int) (stripRow, bool) {
	col, _ := backendStyle(i)
	r := stripRow{label: backend, color: col}
	for _, idle := range g.Idles() {
		c, ok := g.Cell(backend, idle)
		if ok && (c.NA != "" || !c.Stat(metric).OK()) {
			r.xs = append(r.xs, ax.X(idle))
		}
	}
	return r, len(r.xs) > 0
}

// naNotes are the legend's reasons for the cells that could not run, one
// per backend: "select: n/a from 1k: select(2) watches fds below
// FD_SETSIZE=1024 only".
func naNotes(g analysis.Group, backends []string) []figNote {
	var out []figNote
	for _, b := range backends {
		var at []int
		why := ""
		for _, idle := range g.Idles() {
			if c, ok := g.Cell(b, idle); ok && c.NA != "" {
				at = append(at, idle)
				why = firstNonEmpty(why, shortReason(c.NA))
			}
		}
		if len(at) > 0 {
			out = append(out, figNote{backend: b, where: whereText(g.Idles(), at), why: why})
		}
	}
	return out
}

// whereText says which idle counts: "at every idle count", "from 1k"
// when they are every count from the first on, else "at 100, 5k".
func whereText(idles, at []int) string {
	if len(at) == len(idles) && len(at) > 1 {
		return "at every idle count"
	}
	tail := idles[len(idles)-len(at):]
	suffix := len(at) > 1 && fmt.Sprint(tail) == fmt.Sprint(at)
	if suffix {
		return "from " + shortCount(float64(at[0]))
	}
	var s []string
	for _, n := range at {
		s = append(s, shortCount(float64(n)))
	}
	return "at " + strings.Join(s, ", ")
}

// shortReason is a cell's n/a reason up to its first clause, which says
// what; the table beside the figure has it in full.
func shortReason(s string) string {
	for _, sep := range []string{"; ", " ("} {
		if i := strings.Index(s, sep); i > 0 {
			s = s[:i]
		}
	}
	return strings.TrimSpace(s)
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
