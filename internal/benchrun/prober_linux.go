package benchrun

import (
	"context"
	"fmt"

	"github.com/muxbench/muxbench/internal/analysis"
	"github.com/muxbench/muxbench/internal/results"
)

// prober is the Oracle of one crossover search: it runs the search's
// trials as cells of their own (scenario crossover, keyed by the rival
// they are paired with), through the sweep's measurement (measureCell:
// the same child protocol, pinning and gates). Opening an idle fleet is
// the costly part, so each backend keeps one child and fleet for as long
// as the search stays at one idle count, and the rounds alternate
// between them.
type prober struct {
	r       *runner
	ctx     context.Context
	spec    CrossoverSpec
	metrics []analysis.Metric
	// open are the groups at idle count n, by backend.
	open map[string]*group
	n    int
	rec  *results.Crossover
}

// Measure runs trials trials of backend at n idle connections, each
// recorded in its probe cell; flagged trials count for the budget but
// give no figures.
func (p *prober) Measure(n int, backend string, trials int) (analysis.Samples, error) {
	k := p.key(backend, n)
	c := p.r.probeCell(k)
	if c.NA != "" {
		return analysis.Samples{NA: c.NA}, nil
	}
	out := analysis.Samples{Values: map[string][]float64{}}
	for range trials {
		g, err := p.group(n, backend)
		if err != nil {
			return out, err
		}
		g.trial = len(c.Trials)
		tr := p.r.measureCell(p.ctx, g, k)
		if p.ctx.Err() != nil {
			return out, context.Cause(p.ctx) // a trial cut short is not kept
		}
		c.Trials = append(c.Trials, tr)
		p.r.prog.done(k, tr)
		out.Ran++
		p.rec.Trials++
		if g.setupErr != "" {
			p.rec.Flagged++
			p.drop(backend)
			return out, fmt.Errorf("%s at %d idle: %s", backend, n, g.setupErr)
		}
		if !tr.Valid() {
			p.rec.Flagged++
			if !g.child.alive() {
				p.drop(backend)
			}
			if !tr.Bound() {
				continue // a loadgen-bound trial still gives the server's cost
			}
		}
		for m, v := range figures(tr, p.metrics) {
			out.Values[m] = append(out.Values[m], v)
		}
	}
	return out, nil
}

// key is the probe cell of backend at n idle: paired with the other.
func (p *prober) key(backend string, n int) results.CellKey {
	k := p.r.key(backend, n, p.spec.Active, p.spec.Mode)
	k.Scenario, k.Rival = results.ScenarioCrossover, p.spec.Subject
	if backend == p.spec.Subject {
		k.Rival = p.spec.Rival
	}
	return k
}

// group is backend's child and fleet at n, opened when the search moves
// to n (closing those of the last idle count) or when it has none there.
// Two fleets are held at once only when both fit the open-files limit.
// Moving on saves run.json, so a run killed outright keeps the probes.
func (p *prober) group(n int, backend string) (*group, error) {
	if n != p.n {
		p.closeAll()
		p.n = n
		if err := p.r.write(); err != nil {
			return nil, err
		}
	}
	if g := p.open[backend]; g != nil {
		return g, nil
	}
	if !p.r.limits.FitsFleets(n, len(p.open)+1, p.spec.Active) {
		p.closeAll()
	}
	g := &group{backend: backend, idle: n}
	p.r.openGroup(p.ctx, g, Listeners(n, p.spec.Active))
	p.open[backend] = g
	return g, nil
}

// drop closes backend's group, so the next trial starts a new child; a
// child already dead (its trial says why) is only reaped.
func (p *prober) drop(backend string) {
	if g := p.open[backend]; g != nil {
		if g.child != nil && g.child.alive() {
			p.r.stopGroup(g, fmt.Sprintf("crossover %s idle=%d", g.backend, g.idle))
		}
		g.close()
		delete(p.open, backend)
	}
}

func (p *prober) closeAll() {
	for b := range p.open {
		p.drop(b)
	}
}

// probeCell finds or lays out the probe cell k (n/a with the reason when
// the limits forbid it). Appending moves the cells, so the index of
// pointers is rebuilt.
func (r *runner) probeCell(k results.CellKey) *results.Cell {
	if c := r.cells[k]; c != nil {
		return c
	}
	r.run.Cells = append(r.run.Cells, results.Cell{CellKey: k, NA: r.limits.NA(k.Backend, k.Idle, k.Active)})
	for i := range r.run.Cells {
		r.cells[r.run.Cells[i].CellKey] = &r.run.Cells[i]
	}
	return r.cells[k]
}
