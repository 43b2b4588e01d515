package benchrun

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/muxbench/muxbench/internal/loadgen"
	"github.com/muxbench/muxbench/internal/results"
)

// churnSourceRange are churn's source addresses: with the client closing
// first, each connection leaves a TIME_WAIT 4-tuple on the generator for
// 60 s, and one source address has ~28k ports per destination.
const churnSourceRange = "127.0.0.2-127.0.0.254"

// runsSweep reports whether the idle sweep is among the run's scenarios
// (a profile without a scenario list is the sweep alone).
func (r *runner) runsSweep() bool {
	return len(r.opts.Scenarios) == 0 || slices.Contains(r.opts.Scenarios, ScenarioIdle)
}

// sweepBackends are the backends of the idle sweep: none when the sweep
// is not among the run's scenarios.
func (r *runner) sweepBackends() []string {
	if !r.runsSweep() {
		return nil
	}
	return r.opts.Backends
}

// scenarios are the non-idle scenarios of the run, in AllScenarios order.
func (r *runner) scenarios() []string {
	var out []string
	for _, s := range AllScenarios {
		if s != ScenarioIdle && slices.Contains(r.opts.Scenarios, s) {
			out = append(out, s)
		}
	}
	return out
}

// layoutScenarios appends the cells of the non-idle scenarios, in table
// order: scenario, backend, point.
func (r *runner) layoutScenarios() {
	for _, s := range r.scenarios() {
		for _, b := range r.opts.Backends {
			for _, p := range r.opts.Sizes.points(s, r.opts.MsgSize) {
				r.run.Cells = append(r.run.Cells, results.Cell{CellKey: p.key(b), NA: r.cellNA(p.key(b))})
			}
		}
	}
	if len(r.scenarios()) > 0 {
		r.run.Config.Scenarios = append([]string(nil), r.opts.Scenarios...)
		r.run.Config.Scenario = r.opts.Sizes.config()
	}
}

// measureScenarios runs one pass of every non-idle scenario: within a
// scenario, backends interleaved as in the sweep.
func (r *runner) measureScenarios(ctx context.Context, p pass) error {
	for _, s := range r.scenarios() {
		for _, b := range r.opts.Backends {
			if err := r.runScenarioGroup(ctx, p, s, b); err != nil {
				return err
			}
			if err := r.write(); err != nil {
				return err
			}
		}
	}
	return nil
}

// runScenarioGroup measures a scenario's runnable cells for one backend on
// one server child (and, for heartbeat, one pinging idle fleet).
func (r *runner) runScenarioGroup(ctx context.Context, p pass, scenario, backend string) error {
	var subs []*results.Cell
	for _, pt := range r.opts.Sizes.points(scenario, r.opts.MsgSize) {
		if c := r.cells[pt.key(backend)]; c != nil && c.NA == "" {
			subs = append(subs, c)
		}
	}
	if len(subs) == 0 {
		return nil
	}
	g := &group{trial: p.index, counted: p.counted, backend: backend, idle: subs[0].Idle, handler: subs[0].Handler}
	if scenario == ScenarioHeartbeat {
		g.idlePing = r.opts.Sizes.HeartbeatPing
	}
	defer g.close()
	r.openGroup(ctx, g, listenersFor(g.idle, subs))
	for _, c := range subs {
		if err := ctx.Err(); err != nil {
			return context.Cause(ctx)
		}
		tr := r.measureScenarioCell(ctx, g, c.CellKey)
		if ctx.Err() != nil {
			return context.Cause(ctx) // a trial cut short is not kept
		}
		c.Trials = append(c.Trials, tr)
		r.prog.done(c.CellKey, tr)
	}
	r.stopGroup(g, scenario+" "+backend)
	return context.Cause(ctx)
}

// measureScenarioCell picks the driver of k's scenario. all-active is the
// sweep's own cell measurement with no idle connections.
func (r *runner) measureScenarioCell(ctx context.Context, g *group, k results.CellKey) results.Trial {
	switch k.Scenario {
	case ScenarioChurn:
		return r.measureDriven(ctx, g, k, r.churnDrive(g, k))
	case ScenarioBulk:
		return r.measureDriven(ctx, g, k, r.bulkDrive(g, k))
	case ScenarioHeartbeat:
		return r.measureHeartbeat(ctx, g, k)
	}
	return r.measureCell(ctx, g, k)
}

// drive runs one window of a scenario's load (warm-up when hooks is nil).
type drive func(ctx context.Context, d time.Duration, hooks *loadgen.Hooks) (*loadgen.Result, error)

func (r *runner) churnDrive(g *group, k results.CellKey) drive {
	srcs, err := loadgen.ParseSourceRange(churnSourceRange)
	cfg := loadgen.ChurnConfig{Addrs: g.child.addrs, SourceAddrs: srcs, Conns: k.Active, MsgSize: k.MsgSize}
	return func(ctx context.Context, d time.Duration, h *loadgen.Hooks) (*loadgen.Result, error) {
		if err != nil {
			return nil, fmt.Errorf("churn source addresses: %w", err)
		}
		return loadgen.Churn(ctx, cfg, d, h)
	}
}

func (r *runner) bulkDrive(g *group, k results.CellKey) drive {
	s := r.opts.Sizes
	cfg := loadgen.BulkConfig{Addrs: g.child.addrs, Conns: k.Active, ReplySize: k.MsgSize,
		Depth: bulkDepth(k.MsgSize, s.BulkInFlight), ReadRate: s.BulkReadRate, RecvBuf: bulkRecvBuf}
	return func(ctx context.Context, d time.Duration, h *loadgen.Hooks) (*loadgen.Result, error) {
		return loadgen.Bulk(ctx, cfg, d, h)
	}
}
