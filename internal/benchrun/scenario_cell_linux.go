package benchrun

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/muxbench/muxbench/internal/loadgen"
	"github.com/muxbench/muxbench/internal/results"
)

// measureDriven is measureCell for the scenarios with their own drivers
// (churn, bulk): warm up (discarded), measure the window with the server
// snapshotted at its edges, and judge it with the sweep's gates.
func (r *runner) measureDriven(ctx context.Context, g *group, k results.CellKey, run drive) results.Trial {
	tr := results.Trial{Index: g.trial + 1, Started: time.Now(), Counted: g.counted}
	tr.Metrics.IdleRequested = k.Idle
	if g.setupErr != "" {
		return failed(tr, g.setupErr)
	}
	if r.opts.Warmup > 0 {
		if _, err := run(ctx, r.opts.Warmup, nil); err != nil {
			return failed(tr, "warm-up: "+err.Error())
		}
	}
	w := &windowEdges{child: g.child}
	trust := r.beginTrust()
	res, runErr := run(ctx, r.windowOf(g), trust.hooks(w))
	if res == nil {
		return failed(tr, fmt.Sprintf("%s: %v", k.Scenario, runErr))
	}
	sweep := loadgen.SweepReport{}
	if g.idle > 0 {
		sctx, cancel := context.WithTimeout(ctx, fleetTimeout)
		sweep = g.fleet.Sweep(sctx)
		cancel()
	}
	tr.Metrics = r.metrics(k, res, w, g, sweep)
	tr.Metrics.BytesVerified = res.BytesVerified
	if p := res.IdlePing; p != nil {
		tr.Metrics.IdlePingsSent, tr.Metrics.IdlePingsAnswered = p.Sent, p.Answered
	}
	tr.Flags = r.flags(k, tr.Metrics, res, w, g)
	if p := res.IdlePing; p != nil && p.Answered != p.Sent {
		tr.Flags = append(tr.Flags, "pings-lost")
	}
	tr.Metrics.FleetDialSec = g.dial.Seconds()
	tr.Error = joinErrors(runErr, w.err)
	r.judgeTrial(&tr, res, trust)
	if path, err := writeHlog(r.opts.OutDir, k, g.trial, res); err == nil {
		tr.Hlog = path
	} else {
		tr.Error = joinErrors(fmt.Errorf("hlog: %w", err), tr.Error)
	}
	return tr
}

// windowOf is a trial's window: shorter for a counted trial, whose timing
// is not reported.
func (r *runner) windowOf(g *group) time.Duration {
	if g.counted && g.trial >= 0 {
		return r.countedDuration()
	}
	return r.opts.Duration
}

// measureHeartbeat drives the active connections while the group's idle
// fleet pings at Poisson-spaced times over the same window.
func (r *runner) measureHeartbeat(ctx context.Context, g *group, k results.CellKey) results.Trial {
	if g.setupErr != "" {
		return r.measureDriven(ctx, g, k, nil)
	}
	cfg := loadgen.Config{Addrs: g.child.addrs, Active: k.Active, MsgSize: k.MsgSize, Mode: loadgen.Closed}
	gen, err := loadgen.Dial(ctx, cfg)
	if err != nil {
		tr := results.Trial{Index: g.trial + 1, Started: time.Now(), Counted: g.counted}
		return failed(tr, "active connections: "+err.Error())
	}
	defer gen.Close()
	return r.measureDriven(ctx, g, k, func(ctx context.Context, d time.Duration, h *loadgen.Hooks) (*loadgen.Result, error) {
		return withPings(ctx, g.fleet, d, func() (*loadgen.Result, error) { return gen.Run(ctx, d, h) })
	})
}

// withPings runs the fleet's pings for d beside run and adds their count
// to run's result.
func withPings(ctx context.Context, fleet *loadgen.Generator, d time.Duration, run func() (*loadgen.Result, error)) (*loadgen.Result, error) {
	var wg sync.WaitGroup
	var pings *loadgen.Result
	wg.Add(1)
	go func() {
		defer wg.Done()
		pings, _ = fleet.Run(ctx, d, nil)
	}()
	res, err := run()
	wg.Wait()
	if res != nil && pings != nil {
		res.IdlePing = pings.IdlePing
	}
	return res, err
}

// withHandler returns a child's arguments with --handler set to h.
func withHandler(args []string, h string) []string {
	out := append([]string(nil), args...)
	for i := 0; i+1 < len(out); i++ {
		if out[i] == "--handler" {
			out[i+1] = h
			return out
		}
	}
	return append(out, "--handler", h)
}
