package benchrun

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/muxbench/muxbench/internal/analysis"
	"github.com/muxbench/muxbench/internal/loadgen"
	"github.com/muxbench/muxbench/internal/results"
)

// layoutCapacity lays out the capacity curve's points in table order, each
// n/a until searched, or with the reason its sweep cell gives when it is
// never run (the fd limits, a reference backend off its idle counts).
func (r *runner) layoutCapacity() {
	spec := r.opts.Capacity
	if !spec.on() {
		return
	}
	c := &results.Capacity{ObjectiveUs: float64(spec.Objective) / 1e3, Active: spec.Active, Window: spec.Window,
		Warmup: spec.Warmup, MinSamples: spec.MinSamples, MinRate: spec.MinRate, MaxRate: spec.MaxRate, Probes: spec.Probes}
	for _, b := range r.sweepBackends() {
		for _, idle := range r.opts.Idle {
			na := r.sweepNA(r.key(b, idle, spec.Active, "open"))
			if na == "" {
				na = "not searched (the run ended first)"
			}
			c.Points = append(c.Points, results.CapacityPoint{Backend: b, Idle: idle, NA: na})
		}
	}
	r.run.Capacity = c
}

// capacityPass reports whether the capacity is searched in pass p: the
// last timed one, on its children and fleets.
func (r *runner) capacityPass(p pass) bool {
	return r.run.Capacity != nil && !p.counted && p.index == r.opts.Trials-1
}

// searchCapacity searches the capacity of the group's backend at its idle
// count, on the group's child and fleet.
func (r *runner) searchCapacity(ctx context.Context, g *group) {
	pt := r.capacityPoint(g.backend, g.idle)
	if pt == nil || g.setupErr != "" {
		return
	}
	spec := r.opts.Capacity
	cfg := analysis.CapacityConfig{Start: r.opts.Rate, MinRate: spec.MinRate, MaxRate: spec.MaxRate, Probes: spec.Probes}
	var probes []results.CapacityProbe
	b, err := analysis.SearchCapacity(cfg, func(rate float64) (bool, error) {
		p, err := r.judgedProbe(ctx, g, rate, &probes)
		if err == nil && p.Why == whyGeneratorBound {
			return false, errGeneratorBound
		}
		return p.Met, err
	})
	pt.Met, pt.Failed, pt.Probes, pt.NA = b.Met, b.Failed, probes, ""
	switch {
	case errors.Is(err, errGeneratorBound):
		pt.GeneratorBound = probes[len(probes)-1].Rate
	case err != nil:
		pt.NA = "search stopped: " + err.Error()
	}
	r.prog.note(fmt.Sprintf("capacity %s idle=%d: %s (%d probes)", g.backend, g.idle, capacityText(*pt, spec.Objective), b.Probes))
}

// errGeneratorBound stops a capacity search at a generator-bound probe:
// not a failure of the backend, so the bracket keeps it out.
var errGeneratorBound = errors.New(whyGeneratorBound)

// capacityText is a point's outcome as the progress notes say it.
func capacityText(p results.CapacityPoint, objective time.Duration) string {
	switch {
	case p.Met == 0:
		return fmt.Sprintf("p99 not under %v even at %.0f req/s", objective, p.Failed)
	case p.GeneratorBound > 0 && p.Failed == 0:
		return fmt.Sprintf("p99 under %v up to at least %.0f req/s (the generator saturated at %.0f)", objective, p.Met, p.GeneratorBound)
	case p.Failed == 0:
		return fmt.Sprintf("p99 under %v up to at least %.0f req/s", objective, p.Met)
	}
	return fmt.Sprintf("p99 under %v up to %.0f req/s (over it at %.0f)", objective, p.Met, p.Failed)
}

func (r *runner) capacityPoint(backend string, idle int) *results.CapacityPoint {
	for i := range r.run.Capacity.Points {
		if p := &r.run.Capacity.Points[i]; p.Backend == backend && p.Idle == idle {
			return p
		}
	}
	return nil
}

// judgedProbe is the search's verdict at rate: a probe, and while its
// p99 misses (repeats) another one at the rate. Every probe run is
// appended to probes.
func (r *runner) judgedProbe(ctx context.Context, g *group, rate float64, probes *[]results.CapacityProbe) (results.CapacityProbe, error) {
	for repeat := 0; ; repeat++ {
		p, err := r.capacityProbe(ctx, g, rate)
		if err != nil {
			return p, err
		}
		p.Repeat = repeat
		*probes = append(*probes, p)
		if !repeats(p) {
			return p, nil
		}
	}
}

// capacityProbe runs one open-loop probe at rate: fresh active
// connections, a warm-up (discarded), the window. An error (ctx ended, the
// server unreachable) ends the search.
func (r *runner) capacityProbe(ctx context.Context, g *group, rate float64) (results.CapacityProbe, error) {
	spec := r.opts.Capacity
	p := results.CapacityProbe{Rate: rate}
	cfg := loadgen.Config{Addrs: g.child.addrs, Active: spec.Active, MsgSize: r.opts.MsgSize, Mode: loadgen.Open, Rate: rate}
	gen, err := loadgen.Dial(ctx, cfg)
	if err != nil {
		return p, err
	}
	defer gen.Close()
	if spec.Warmup > 0 {
		if _, err := gen.Run(ctx, spec.Warmup, nil); err != nil {
			return p, err
		}
	}
	res, err := gen.Run(ctx, spec.probeWindow(rate), nil)
	if err != nil {
		return p, err
	}
	p.Window, p.Samples = res.Window, res.Received
	p.Achieved, p.P99Us = res.ReqPerSec, res.Latency.P99
	p.LoadgenBusyPct = r.loadgenBusyPct(res)
	if res.Lag != nil {
		p.LagP99Us = res.Lag.P99
	}
	probeMet(&p, float64(spec.Objective)/1e3, res.Errors.Total())
	return p, nil
}
