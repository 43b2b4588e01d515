package report

import (
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// drawLegendPlot writes a one-panel plot (the capacity curve, a
// scenario) as base.svg and base.png under dir, its legend in a column
// beside it and caption (the run's, runCaption) along the bottom, and
// returns the two names.
func drawLegendPlot(dir, base string, p *plot.Plot, leg plot.Legend, caption string) ([]string, error) {
	s := sheet{panels: [][]panelPlot{{{p: p, xLabel: p.X.Label.Text}}}, legend: leg, caption: caption,
		width: 7*vg.Inch + scenarioLegendWidth, height: 4.5*vg.Inch + captionHeight, side: scenarioLegendWidth}
	return s.write(dir, base)
}
