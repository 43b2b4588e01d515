package report

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/muxbench/muxbench/internal/analysis"
	"github.com/muxbench/muxbench/internal/results"
)

// The capacity panel of an open-loop figure: per backend, over the idle
// axis, the highest offered rate at which the p99 met the objective, a
// bar up to the lowest rate that failed (the capacity lies in between),
// and the group's own offered rate as a dashed line, so the reader sees
// how far below capacity the other panels were measured. A point that
// was not searched, or where no rate met the objective, is a mark in the
// strip under the axis, with its reason in the notes.

// capacityMetric names the capacity panel's figure (for the tests).
const capacityMetric = "capacity_req_per_sec"

// capacityPanel draws c over the group's idle axis.
func capacityPanel(c *results.Capacity, rate float64) panelFunc {
	return func(_ analysis.Group, ax idleAxis, backends []string, _ overlay) (panelPlot, []figNote, error) {
		title := fmt.Sprintf("capacity: highest rate with p99 < %s µs", FormatNumber(c.ObjectiveUs))
		pp := panelPlot{p: newPanel(title, "offered rate (req/s)", ax, true), xLabel: ax.Label(), metric: capacityMetric}
		drawn := 0
		var notes []figNote
		for i, b := range backends {
			n, err := addSeries(pp.p, capacitySeries(c, b, ax), i, b)
			if err != nil {
				return pp, nil, err
			}
			drawn += n
			row, why := capacityNA(c, b, ax, i)
			if len(row.xs) > 0 {
				pp.strip.rows = append(pp.strip.rows, row)
				notes = append(notes, why...)
			}
		}
		if drawn == 0 {
			return emptyPanel(pp, title), notes, nil
		}
		if rate > 0 {
			pp.p.Add(rateLine{rate})
			notes = append(notes, figNote{plain: fmt.Sprintf("capacity: dashed, the %s req/s offered in the other panels; bar up to the lowest rate that failed, none when every rate searched met the objective", FormatNumber(rate))})
		}
		padAxes(pp.p, true)
		return pp, notes, nil
	}
}

// capacitySeries is a backend's points that met the objective, each with
// a bar up to the rate that failed above it, in idle order.
func capacitySeries(c *results.Capacity, backend string, ax idleAxis) series {
	var s series
	gap := false
	for _, idle := range capacityIdles(c) {
		i := slices.IndexFunc(c.Points, func(p results.CapacityPoint) bool { return p.Backend == backend && p.Idle == idle })
		if i < 0 {
			continue
		}
		switch pt := c.Points[i]; {
		case pt.NA != "" || pt.Met <= 0:
			gap = true
		default:
			s.add(plotter.XY{X: ax.X(pt.Idle), Y: pt.Met}, 0, max(pt.Failed-pt.Met, 0), gap)
			gap = false
		}
	}
	return s
}

// capacityNA is a backend's strip row on the capacity panel and the
// notes saying why: not searched, or no rate met the objective.
func capacityNA(c *results.Capacity, backend string, ax idleAxis, i int) (stripRow, []figNote) {
	col, _ := backendStyle(i)
	row := stripRow{label: backend, color: col}
	var notes []figNote
	for _, pt := range c.Points {
		if pt.Backend != backend {
			continue
		}
		switch {
		case pt.NA != "":
			notes = append(notes, figNote{backend: backend, what: []string{"capacity"}, where: "at " + shortCount(float64(pt.Idle)), why: shortReason(pt.NA)})
		case pt.Met <= 0:
			notes = append(notes, figNote{plain: fmt.Sprintf("%s capacity at %s: below %s req/s, the lowest rate searched", backend, shortCount(float64(pt.Idle)), FormatNumber(pt.Failed))})
		default:
			continue
		}
		row.xs = append(row.xs, ax.X(pt.Idle))
	}
	return row, notes
}

// rateLine is the group's offered rate across a panel, dashed. Its
// data range holds the rate only, so the y axis reaches it.
type rateLine struct{ rate float64 }

func (l rateLine) Plot(c draw.Canvas, p *plot.Plot) {
	_, trY := p.Transforms(&c)
	y := trY(l.rate)
	c.StrokeLine2(draw.LineStyle{Color: plotGrey, Width: vg.Points(1), Dashes: []vg.Length{vg.Points(5), vg.Points(3)}}, c.Min.X, y, c.Max.X, y)
}

func (l rateLine) DataRange() (xmin, xmax, ymin, ymax float64) {
	return math.Inf(1), math.Inf(-1), l.rate, l.rate
}
