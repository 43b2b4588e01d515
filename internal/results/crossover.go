package results

import (
	"math"
	"time"
)

// ScenarioCrossover is the scenario of a crossover search's probe cells:
// Backend at Idle, its trials paired round by round with those of the
// cell that has the same key but Backend and Rival swapped.
const ScenarioCrossover = "crossover"

// Crossover is one crossover search, as run: from which idle count on is
// Subject at least Margin better than Rival, per metric, with Active
// active connections in Mode, measured in paired rounds (one trial of
// each, in random order) at probe points chosen on a log scale.
type Crossover struct {
	Subject string  `json:"subject"`
	Rival   string  `json:"rival"`
	Active  int     `json:"active"`
	Mode    string  `json:"mode"`
	Rate    float64 `json:"rate,omitempty"`
	// Margin is how much better a win must be; Confidence the level each
	// probe point is decided at (0.99, so that the bracket holds N* at
	// 95% over all points); Paired says points were judged on their
	// rounds' ratios; Width the bracket width, relative to N*, the search
	// stops at.
	Margin     float64 `json:"margin"`
	Confidence float64 `json:"confidence"`
	Paired     bool    `json:"paired"`
	Width      float64 `json:"width"`
	// MinN and MaxN bound the idle counts probed; PointTrials are the
	// rounds at a new point, MaxPointTrials the most at one.
	MinN           int `json:"min_n"`
	MaxN           int `json:"max_n"`
	PointTrials    int `json:"point_trials"`
	MaxPointTrials int `json:"max_point_trials"`
	// Budget is the time the search was given; TrialBudget the trials
	// (both backends counted) that time allowed at the sweep's pace.
	Budget      time.Duration `json:"budget_ns"`
	TrialBudget int           `json:"trial_budget"`
	// Seed ordered each round's two trials.
	Seed     uint64    `json:"seed"`
	Started  time.Time `json:"started"`
	Finished time.Time `json:"finished"`
	// Trials counts the trials run, flagged ones included; Flagged those
	// left out (listed in their cells).
	Trials  int `json:"trials"`
	Flagged int `json:"flagged"`
	// Stopped says why the search ended before every metric was narrow;
	// Error is what stopped it outright (a child that would not start).
	Stopped string            `json:"stopped,omitempty"`
	Error   string            `json:"error,omitempty"`
	Metrics []CrossoverMetric `json:"metrics"`
}

// Search outcomes (CrossoverMetric.Outcome).
const (
	OutcomeFound       = "found"           // N* in (Lo, Hi]
	OutcomeWinsAtStart = "wins-from-start" // already a win at MinN
	OutcomeNoDiff      = "no-difference"   // no significant win up to UpTo
	OutcomeCannotRun   = "cannot-run"      // a backend cannot run from CannotFrom on, no win below
	OutcomeUnbracketed = "unbracketed"     // the budget ran out first
	OutcomeAtMost      = "at-most"         // a win at Hi, no loss decided below: N* ≤ Hi
)

// Probe point outcomes (CrossoverProbe.Outcome).
const (
	ProbeWin       = "win"
	ProbeNoWin     = "no-win"
	ProbeUnsettled = "unsettled"
	ProbeCannot    = "cannot-run"
)

// CrossoverMetric is one metric's answer.
type CrossoverMetric struct {
	Metric string `json:"metric"`
	// Model is the cost model's N̂* fitted on the sweep, where the search
	// started; nil when it could not be fitted (ModelNA says why).
	Model   *Prediction `json:"model,omitempty"`
	ModelNA string      `json:"model_na,omitempty"`
	Outcome string      `json:"outcome"`
	// NStar is the estimate, (Lo, Hi] the bracket between a decided loss
	// and a decided win; Narrow says Hi − Lo ≤ Width·NStar.
	NStar  float64 `json:"n_star,omitempty"`
	Lo     float64 `json:"lo"`
	Hi     float64 `json:"hi"`
	Narrow bool    `json:"narrow,omitempty"`
	// UpTo is the largest idle count both backends were compared at;
	// CannotFrom the smallest at which one could not run (0: none).
	// Fit is N* read off the paired rounds across the bracket, with its
	// 95% interval (analysis.RatioFit); nil when they do not settle a
	// line. It is the figure the answer states; the bracket bounds it.
	Fit        *CrossoverFit `json:"fit,omitempty"`
	UpTo       int           `json:"up_to"`
	CannotFrom int           `json:"cannot_from,omitempty"`
	CannotWhy  string        `json:"cannot_why,omitempty"`
	Stopped    string        `json:"stopped,omitempty"`
	// Probes are every point the verdict was read from, ascending; Known
	// ones came from the sweep.
	Probes []CrossoverProbe `json:"probes"`
}

// CrossoverFit is N* fitted on Rounds paired rounds at Points idle counts
// from FromN to ToN, with its 95% interval Lo–Hi.
type CrossoverFit struct {
	N      float64 `json:"n"`
	Lo     float64 `json:"lo"`
	Hi     float64 `json:"hi"`
	Rounds int     `json:"rounds"`
	Points int     `json:"points"`
	FromN  float64 `json:"from_n"`
	ToN    float64 `json:"to_n"`
}

// Prediction is the cost model's crossover: Kind "crosses",
// "already-better" or "never-crosses", N the estimate and Lo–Hi its
// interval at Level (nil bounds: unbounded).
type Prediction struct {
	Kind  string   `json:"kind"`
	N     *float64 `json:"n,omitempty"`
	Lo    *float64 `json:"lo,omitempty"`
	Hi    *float64 `json:"hi,omitempty"`
	Level float64  `json:"level"`
}

// CrossoverProbe is one point's verdict for one metric: Ratio is subject
// ÷ rival with its interval at the search's Confidence (nil bounds: too
// few rounds for a finite one), P the test's p-value, over Pairs rounds
// in which both trials were valid, of the Rounds run.
type CrossoverProbe struct {
	N       int      `json:"n"`
	Outcome string   `json:"outcome"`
	Rounds  int      `json:"rounds"`
	Pairs   int      `json:"pairs,omitempty"`
	Known   bool     `json:"known,omitempty"`
	Ratio   *float64 `json:"ratio,omitempty"`
	Lo      *float64 `json:"lo,omitempty"`
	Hi      *float64 `json:"hi,omitempty"`
	P       float64  `json:"p,omitempty"`
	NA      string   `json:"na,omitempty"`
}

// Finite returns &v, or nil for an infinite or NaN v, which JSON cannot
// hold.
func Finite(v float64) *float64 {
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return nil
	}
	return &v
}

// IsCrossover reports whether the cell is a crossover probe cell.
func (k CellKey) IsCrossover() bool { return k.Scenario == ScenarioCrossover }
