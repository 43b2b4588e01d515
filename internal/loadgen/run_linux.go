package loadgen

import (
	"context"
	"time"
)

// Run drives the active connections for d (and pings the idle ones when
// IdlePing is set) and returns what it measured. It always returns a
// Result; the error says why the window ended early (ctx cancelled, the
// server gone), and Result.Stopped repeats it. Call Run once with the
// warm-up duration and discard that result, then again to measure.
func (g *Generator) Run(ctx context.Context, d time.Duration, hooks *Hooks) (*Result, error) {
	parts := make([]workload, 0, len(g.drivers)+1)
	for _, drv := range g.drivers {
		parts = append(parts, drv)
	}
	if g.cfg.IdlePing > 0 && g.fleet.live() > 0 {
		g.runs++
		parts = append(parts, newPinger(g.fleet, g.cfg.IdlePing, g.cfg.Timeout, g.runs))
	}
	res := newResult(g.cfg.Mode, g.cfg.Active, len(g.drivers), g.cfg.Rate)
	return runWindow(ctx, windowRun{base: g.base, d: d, parts: parts, res: res}, hooks)
}
