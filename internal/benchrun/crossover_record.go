package benchrun

import (
	"slices"

	"github.com/muxbench/muxbench/internal/analysis"
	"github.com/muxbench/muxbench/internal/results"
)

// guess is the cost model's N̂* for one metric, or why there is none.
type guess struct {
	pred *results.Prediction
	why  string
}

// newRecord is the run.json record of a search about to run.
func newRecord(spec CrossoverSpec, cfg analysis.SearchConfig, rate float64, guesses []guess) results.Crossover {
	rec := results.Crossover{
		Subject: spec.Subject, Rival: spec.Rival, Active: spec.Active, Mode: spec.Mode,
		Margin: cfg.Margin, Confidence: cfg.Confidence, Paired: cfg.Paired, Width: cfg.Width,
		MinN: cfg.MinN, MaxN: cfg.MaxN, PointTrials: cfg.PointTrials, MaxPointTrials: cfg.MaxPointTrials,
		TrialBudget: cfg.Budget, Seed: cfg.Seed,
	}
	if spec.Mode == "open" {
		rec.Rate = rate
	}
	for i, m := range cfg.Metrics {
		rec.Metrics = append(rec.Metrics, results.CrossoverMetric{Metric: m.Name, Model: guesses[i].pred, ModelNA: guesses[i].why})
	}
	return rec
}

// searchOutcomes and probeOutcomes name analysis's verdicts in run.json.
var (
	searchOutcomes = map[analysis.SearchKind]string{
		analysis.Found: results.OutcomeFound, analysis.WinsFromStart: results.OutcomeWinsAtStart,
		analysis.NoDifference: results.OutcomeNoDiff, analysis.CannotRun: results.OutcomeCannotRun,
		analysis.Unbracketed: results.OutcomeUnbracketed, analysis.AtMost: results.OutcomeAtMost,
	}
	probeOutcomes = map[analysis.ProbeOutcome]string{
		analysis.Unsettled: results.ProbeUnsettled, analysis.WinAt: results.ProbeWin,
		analysis.NoWinAt: results.ProbeNoWin, analysis.CannotAt: results.ProbeCannot,
	}
)

// recordSearch files the search's answers, metric by metric.
func recordSearch(rec *results.Crossover, res analysis.SearchResult, cfg analysis.SearchConfig) {
	rec.Stopped = res.Stopped
	known := make([]int, len(cfg.Known))
	for i, k := range cfg.Known {
		known[i] = k.N
	}
	for i, r := range res.Metrics {
		m := &rec.Metrics[i]
		m.Outcome, m.NStar, m.Lo, m.Hi, m.Narrow = searchOutcomes[r.Kind], r.NStar, r.Lo, r.Hi, r.Narrow
		m.UpTo, m.CannotFrom, m.CannotWhy, m.Stopped = r.UpTo, r.CannotFrom, r.CannotWhy, r.Stopped
		for _, p := range r.Probes {
			m.Probes = append(m.Probes, probeRecord(p, slices.Contains(known, p.N)))
		}
		if f := r.Fit; f != nil {
			m.Fit = &results.CrossoverFit{N: f.N, Lo: f.Lo, Hi: f.Hi, Rounds: f.Rounds, Points: f.Points, FromN: f.FromN, ToN: f.ToN}
		}
	}
}

func probeRecord(p analysis.Probe, known bool) results.CrossoverProbe {
	pr := results.CrossoverProbe{N: p.N, Outcome: probeOutcomes[p.Outcome], Rounds: p.Rounds, Known: known, NA: p.NA}
	if p.Test.N1 > 0 {
		pr.Ratio, pr.Lo, pr.Hi, pr.P = results.Finite(p.Test.Ratio), results.Finite(p.Test.Lo), results.Finite(p.Test.Hi), p.Test.P
		pr.Pairs = p.Test.N1
	}
	return pr
}
