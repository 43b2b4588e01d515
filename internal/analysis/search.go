package analysis

import (
	"math/rand/v2"
	"time"
)

// SearchConfig is one crossover search: subject against rival on the
// given metrics, within a budget.
type SearchConfig struct {
	Subject, Rival string
	Metrics        []Metric
	// Margin: a win needs subject ÷ rival's interval wholly below
	// 1 − Margin (DefaultMargin when 0).
	Margin float64
	// Start is the model's N̂* (PredictCrossover); 0 starts in the
	// middle of [MinN, MaxN] on the log scale. Starts, by metric name,
	// overrides it for one metric (CPU and latency cross at different N).
	Start      float64
	Starts     map[string]float64
	MinN, MaxN int
	// Known are points measured before the search (the sweep's cells),
	// which it starts from: they serve every metric like its own probes.
	Known []KnownPoint
	// Paired decides a point on its paired rounds (PairedAt: the median
	// of the rounds' ratios) instead of the two samples (CompareAt).
	Paired bool
	// PointTrials paired rounds at a new point (10), MoreTrials more
	// while undecided (5), until MaxPointTrials (40) have given the
	// comparison both figures (flagged trials give none), or twice that
	// many ran.
	PointTrials, MoreTrials, MaxPointTrials int
	// Budget is the most trials, both backends counted (2,000); Deadline,
	// read from Now, an optional time budget.
	Budget   int
	Deadline time.Time
	Now      func() time.Time
	// Width: stop once the bracket is at most Width·N* wide (0.25).
	Width float64
	// Confidence is the level of the ratio interval that decides a
	// point (0.99): stricter than the 95% a single win needs, because a
	// point is looked at again as trials are added and the bisection puts
	// several points near N*, and the bracket must hold N* at 95% over
	// all of them.
	Confidence float64
	// Seed orders each round's two trials.
	Seed uint64
}

// Defaults fills the zero fields.
func (c SearchConfig) Defaults() SearchConfig {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&c.PointTrials, 10)
	def(&c.MoreTrials, 5)
	def(&c.MaxPointTrials, 40)
	def(&c.Budget, 2000)
	c.MaxPointTrials = max(c.MaxPointTrials, c.PointTrials)
	if c.Margin <= 0 {
		c.Margin = DefaultMargin
	}
	if c.Width <= 0 {
		c.Width = 0.25
	}
	if c.Confidence <= 0 {
		c.Confidence = 0.99
	}
	return c
}

// SearchKind is how a metric's search ended.
type SearchKind int

const (
	// Found: N* lies in (Lo, Hi]: a decided loss at Lo, wins from Hi on.
	Found SearchKind = iota
	// WinsFromStart: a win already at MinN.
	WinsFromStart
	// NoDifference: no significant win up to UpTo.
	NoDifference
	// CannotRun: a backend cannot run from CannotFrom on, and there was
	// no win below; the absence is never counted as a win.
	CannotRun
	// Unbracketed: the budget ran out before a win and a loss were both
	// found.
	Unbracketed
	// AtMost: a decided win at Hi and no loss decided below it, down to
	// MinN: N* ≤ Hi, with no estimate.
	AtMost
)

// MetricResult is one metric's answer.
type MetricResult struct {
	Metric string
	Kind   SearchKind
	// NStar is the estimate (where the ratio crosses 1 − margin between
	// the bracket's probes); Lo and Hi the bracket. Narrow says Hi − Lo
	// ≤ Width·NStar.
	NStar, Lo, Hi float64
	Narrow        bool
	// UpTo is the largest idle count compared; CannotFrom the smallest
	// at which a backend could not run (0: none), CannotWhy why.
	UpTo, CannotFrom int
	CannotWhy        string
	// Probes are the points measured, ascending.
	Probes []Probe
	// Fit is N* read off the paired rounds across the bracket (Found and
	// AtMost of a paired search; nil when they do not settle a line).
	Fit *RatioFit
	// Stopped says why this metric's search ended before it was done.
	Stopped string
}

// SearchResult is every metric's answer and what the search spent.
type SearchResult struct {
	Metrics []MetricResult
	Trials  int
	// Stopped says why the last metric's search ended early ("" if it
	// did not).
	Stopped string
}

type searcher struct {
	o      Oracle
	cfg    SearchConfig
	rng    *rand.Rand
	points map[int]*point
	spent  int
	budget int // the current metric's share
	// deadline is the current metric's share of the time budget.
	deadline time.Time
	stopped  string
	err      error
}

// Search runs the crossover search: for each metric in turn, with an even
// share of what is left of the budget, it probes from the model's N̂*,
// brackets N* between a decided loss and a decided win, and narrows the
// bracket on the log scale until it is narrow or can narrow no more. The
// points measured serve every metric. The error is the oracle's, with the
// results so far.
func Search(o Oracle, cfg SearchConfig) (SearchResult, error) {
	cfg = cfg.Defaults()
	s := &searcher{o: o, cfg: cfg, rng: rand.New(rand.NewPCG(cfg.Seed, 0x6d7578)), points: map[int]*point{}}
	s.known()
	var res SearchResult
	for i, m := range cfg.Metrics {
		s.budget = s.spent + (cfg.Budget-s.spent)/(len(cfg.Metrics)-i)
		s.deadline = s.share(len(cfg.Metrics) - i)
		s.stopped = ""
		res.Metrics = append(res.Metrics, s.searchMetric(m, s.startN(m)))
		if s.err != nil {
			break
		}
	}
	res.Trials, res.Stopped = s.spent, s.stopped
	return res, s.err
}

// share is the current metric's deadline when left metrics remain: an
// even share of the time left.
func (s *searcher) share(left int) time.Time {
	if s.cfg.Now == nil || s.cfg.Deadline.IsZero() {
		return time.Time{}
	}
	now := s.cfg.Now()
	return now.Add(s.cfg.Deadline.Sub(now) / time.Duration(left))
}
