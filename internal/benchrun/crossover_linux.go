package benchrun

import (
	"context"
	"fmt"
	"time"

	"github.com/muxbench/muxbench/internal/analysis"
	"github.com/muxbench/muxbench/internal/results"
)

// Search settings: a point is first measured in searchRounds paired
// rounds, then searchMore at a time while undecided, up to
// searchMaxRounds; the search stops once the bracket is at most
// searchWidth·N* wide.
const (
	searchRounds    = 10
	searchMore      = 5
	searchMaxRounds = 40
	searchWidth     = 0.25
	// trialOverhead is what a trial costs beyond its warm-up and window
	// (the calibration of both CPUs, dialing the active connections, the
	// liveness sweep), for the trial budget a time budget allows; the time
	// budget is what stops a search.
	trialOverhead = 40 * time.Millisecond
)

// measureCrossovers runs every crossover search of the run, in order,
// after the sweep. A search that fails (a child that will not start)
// keeps what it measured and says why; the others still run.
func (r *runner) measureCrossovers(ctx context.Context) error {
	for i, spec := range r.opts.Crossovers {
		rec, err := r.search(ctx, spec, r.opts.CrossoverSeed+uint64(i))
		r.run.Crossovers = append(r.run.Crossovers, rec)
		if werr := r.write(); werr != nil {
			return werr
		}
		if ctx.Err() != nil {
			return context.Cause(ctx)
		}
		if err != nil {
			r.prog.note(fmt.Sprintf("crossover %s vs %s, %d active: %v", spec.Subject, spec.Rival, spec.Active, err))
		}
	}
	return nil
}

// search runs one crossover search from the sweep's cells.
func (r *runner) search(ctx context.Context, spec CrossoverSpec, seed uint64) (results.Crossover, error) {
	metrics, err := CrossoverMetrics(spec.Metrics)
	if err != nil {
		return results.Crossover{Subject: spec.Subject, Rival: spec.Rival, Error: err.Error()}, err
	}
	began := time.Now()
	cfg, guesses := r.searchConfig(spec, metrics, seed)
	cfg.Now, cfg.Deadline = time.Now, began.Add(spec.Budget)
	rec := newRecord(spec, cfg, r.run.Config.Rate, guesses)
	rec.Started, rec.Budget = began, spec.Budget
	p := &prober{r: r, ctx: ctx, spec: spec, metrics: metrics, open: map[string]*group{}, n: -1, rec: &rec}
	r.prog.grow(cfg.Budget)
	res, err := analysis.Search(p, cfg)
	p.closeAll()
	r.prog.grow(rec.Trials - cfg.Budget)
	rec.Finished = time.Now()
	recordSearch(&rec, res, cfg)
	if err != nil && ctx.Err() == nil {
		rec.Error = err.Error()
	}
	return rec, err
}

// searchConfig is the search of spec: started from the cost model's N̂*
// per metric, fitted on the sweep, from the sweep's points (paired by
// pass), up to the largest idle count the fd limit allows.
func (r *runner) searchConfig(spec CrossoverSpec, metrics []analysis.Metric, seed uint64) (analysis.SearchConfig, []guess) {
	margin := spec.Margin
	if margin == 0 {
		margin = analysis.DefaultMargin
	}
	maxN := r.limits.MaxIdle(spec.Active)
	pair := pairOf(r.run.Cells, r.opts.Handler, spec)
	cfg := analysis.SearchConfig{
		Subject: spec.Subject, Rival: spec.Rival, Metrics: metrics, Margin: margin,
		Starts: map[string]float64{}, MinN: 0, MaxN: maxN, Known: pair.known(metrics), Paired: true,
		PointTrials: searchRounds, MoreTrials: searchMore, MaxPointTrials: searchMaxRounds, Width: searchWidth,
		Budget: int(spec.Budget / (r.opts.Warmup + r.opts.Duration + trialOverhead)), Seed: seed,
	}
	guesses := make([]guess, len(metrics))
	for i, m := range metrics {
		start, pred, why := pair.model(m, margin, maxN)
		cfg.Starts[m.Name] = start
		guesses[i] = guess{pred: pred, why: why}
	}
	return cfg.Defaults(), guesses
}
