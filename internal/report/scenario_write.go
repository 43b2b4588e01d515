package report

import (
	"fmt"
	"io"
	"math"
	"path/filepath"
	"sort"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/muxbench/muxbench/internal/analysis"
)

// scenarioLegendWidth is the legend column beside a scenario plot.
const scenarioLegendWidth = 1.3 * vg.Inch

// sweepCells are the cells of the idle sweep (every non-scenario cell).
func sweepCells(cells []analysis.CellSummary) []analysis.CellSummary {
	var out []analysis.CellSummary
	for _, c := range cells {
		if !IsScenario(c.Scenario) && !c.IsCrossover() {
			out = append(out, c)
		}
	}
	return out
}

// WriteScenarios writes each scenario's heading, finding, figure, table and
// notes; figures maps a scenario to its SVG and PNG (may be empty).
func WriteScenarios(w io.Writer, sections []ScenarioSection, figures map[string][]string, level string) error {
	for _, s := range sections {
		heading := s.Title
		if level != "" {
			heading = level + " " + heading
		}
		fmt.Fprintf(w, "\n%s\n\n**%s.**\n\n", heading, s.Finding)
		if figs := figures["scenario-"+s.Name]; len(figs) > 1 {
			fmt.Fprintf(w, "[![%s](%s)](%s)\n\n", s.Name, figs[1], figs[0])
		}
		if err := writeTable(w, s.Header, s.Rows, 1); err != nil {
			return err
		}
		for _, n := range s.Notes {
			fmt.Fprintf(w, "\n%s\n", n)
		}
	}
	return nil
}

// WriteFindings lists the one-sentence findings.
func WriteFindings(w io.Writer, sections []ScenarioSection) {
	for _, s := range sections {
		fmt.Fprintf(w, "- %s.\n", s.Finding)
	}
}

// writeScenarioPlot draws one panel (y over the scenario's x, a line per
// backend) as SVG and PNG under dir/plots and returns their names. The x
// ticks sit at the measured values and the legend has a column of its own,
// so no label covers a line.
func writeScenarioPlot(dir string, s ScenarioSection, backends []string, caption string) ([]string, error) {
	if len(scenarioXs(s)) == 0 {
		return nil, nil // every trial flagged or n/a: nothing measured to draw
	}
	p := plot.New()
	p.Title.Text = s.Name
	p.X.Label.Text, p.Y.Label.Text = s.XLabel, s.YLabel
	p.X.Scale = plot.LogScale{}
	p.X.Tick.Marker = newIdleAxis(scenarioXs(s))
	p.X.Padding, p.Y.Padding = vg.Points(12), vg.Points(8)
	p.Y.Tick.Marker = plot.TickerFunc(readableTicks)
	p.Add(plotter.NewGrid())
	leg := plot.NewLegend()
	leg.Top, leg.Left = true, true
	for i, b := range backends {
		pts := s.points[b]
		if len(pts) == 0 {
			continue
		}
		sort.Slice(pts, func(x, y int) bool { return pts[x].x < pts[y].x })
		xys := make(plotter.XYs, len(pts))
		for j, v := range pts {
			xys[j] = plotter.XY{X: v.x, Y: v.y}
		}
		line, marks, err := plotter.NewLinePoints(xys)
		if err != nil {
			return nil, fmt.Errorf("plot %s %s: %w", s.Name, b, err)
		}
		col, shape := backendStyle(i)
		line.Color, line.Width = col, vg.Points(1.5)
		marks.Color, marks.Shape = col, shape
		p.Add(line, marks)
		leg.Add(b, line, marks)
	}
	// One x value (a single point per backend) would give the log axis an
	// empty range: widen it to a factor of two each side.
	if p.X.Min == p.X.Max {
		p.X.Min, p.X.Max = max(p.X.Min/2, 0.5), max(p.X.Max*2, 2)
	}
	if p.Y.Min == p.Y.Max {
		p.Y.Min, p.Y.Max = p.Y.Min-1, p.Y.Max+1
	}
	return drawScenarioPlot(dir, s, p, leg, caption)
}

// scenarioXs are the measured x values of a scenario, for its ticks.
func scenarioXs(s ScenarioSection) []int {
	seen := map[int]bool{}
	var xs []int
	for _, pts := range s.points {
		for _, v := range pts {
			if x := int(math.Round(v.x)); x > 0 && !seen[x] {
				seen[x] = true
				xs = append(xs, x)
			}
		}
	}
	sort.Ints(xs)
	return xs
}

// drawScenarioPlot writes the plot with its legend beside it.
func drawScenarioPlot(dir string, s ScenarioSection, p *plot.Plot, leg plot.Legend, caption string) ([]string, error) {
	return drawLegendPlot(dir, filepath.Join("plots", "scenario-"+s.Name), p, leg, caption)
}
