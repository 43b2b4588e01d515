package report

import (
	"github.com/muxbench/muxbench/internal/analysis"
	"github.com/muxbench/muxbench/internal/results"
)

// panelFunc draws one panel of a group's figure and returns the notes it
// adds under the legend (why a backend has no figure on it).
type panelFunc func(g analysis.Group, ax idleAxis, backends []string, ov overlay) (panelPlot, []figNote, error)

// groupPanels are the four panels of a group, in reading order. In open
// loop every backend is offered the same rate, so a throughput panel is a
// flat line at it: the capacity curve over the same connection count
// takes its place, or the p50 when the run has no such curve.
func groupPanels(g analysis.Group, c *results.Capacity) []panelFunc {
	last := metricPanel(throughputPanel)
	if g.Mode == "open" {
		last = metricPanel(p50Panel)
		if c != nil && c.Active == g.Active {
			last = capacityPanel(c, g.Rate)
		}
	}
	return []panelFunc{metricPanel(p99Panel), metricPanel(cpuPanel), metricPanel(syscallsPanel), last}
}

// metricPanel draws spec's metric of a group (panel) and notes the
// backends whose cells ran but have no figure for it.
func metricPanel(spec panelSpec) panelFunc {
	return func(g analysis.Group, ax idleAxis, backends []string, ov overlay) (panelPlot, []figNote, error) {
		pp, err := panel(g, spec, ax, backends, ov)
		return pp, metricNotes(g, spec.metric, backends), err
	}
}

// metricNotes say why backends have no figure for metric in cells that
// did run ("netpoll syscalls/req: n/a at 0: perf refused"); the cells
// that could not run at all are naNotes'.
func metricNotes(g analysis.Group, metric string, backends []string) []figNote {
	m, _ := analysis.MetricByName(metric)
	var out []figNote
	for _, b := range backends {
		var at []int
		why := ""
		for _, idle := range g.Idles() {
			c, ok := g.Cell(b, idle)
			if st := c.Stat(metric); ok && c.NA == "" && !st.OK() {
				at = append(at, idle)
				why = firstNonEmpty(why, shortReason(st.NA))
			}
		}
		if len(at) > 0 {
			out = append(out, figNote{backend: b, what: []string{m.Title}, where: whereText(g.Idles(), at), why: why})
		}
	}
	return out
}
