package analysis

import (
	"fmt"
	"time"
)

// Oracle runs trials for the crossover search. Measure runs trials
// trials of backend with n idle connections, one after another, and
// returns what they gave; an error (the run was interrupted, a child
// failed) ends the search with the results so far.
type Oracle interface {
	Measure(n int, backend string, trials int) (Samples, error)
}

// Samples are the figures of the valid trials of one Measure call.
type Samples struct {
	// Values holds one figure per valid trial, by metric name; a flagged
	// trial adds none.
	Values map[string][]float64
	// Ran is how many trials ran, valid or not: what the budget counts.
	Ran int
	// NA says the backend cannot run at this idle count, and why.
	NA string
}

// ProbeOutcome is a probe point's verdict for one metric.
type ProbeOutcome int

const (
	Unsettled ProbeOutcome = iota // the ratio's interval holds 1 − margin, or too few trials
	WinAt                         // the interval of subject ÷ rival lies wholly below 1 − margin
	NoWinAt                       // it lies wholly above: the subject is not margin-better here
	CannotAt                      // a backend cannot run here: never a win
)

// Probe is one idle count the search measured, for one metric.
type Probe struct {
	N       int
	Outcome ProbeOutcome
	// Test is rival (A) against subject (B): Ratio is subject ÷ rival.
	Test Comparison
	// Rounds is how many paired rounds ran here; NA who could not run.
	Rounds int
	NA     string
}

// point is the trials gathered at one idle count, shared by every metric.
type point struct {
	n         int
	subj, riv map[string][]float64
	rounds    int
	na        string
	// judged caches each metric's verdict for the rounds it was made at.
	judged map[string]Probe
}

// measure runs rounds paired rounds at p: one trial of each backend, in
// random order. It returns false when the search must stop.
func (s *searcher) measure(p *point, rounds int) bool {
	for range rounds {
		if p.na != "" {
			return true
		}
		if why := s.exhausted(); why != "" {
			s.stopped = why
			return false
		}
		order := [2]string{s.cfg.Subject, s.cfg.Rival}
		if s.rng.IntN(2) == 1 {
			order[0], order[1] = order[1], order[0]
		}
		for _, b := range order {
			if !s.trial(p, b) {
				return false
			}
		}
		p.rounds++
	}
	return true
}

// trial runs one trial of backend b at p and files its figures.
func (s *searcher) trial(p *point, b string) bool {
	got, err := s.o.Measure(p.n, b, 1)
	s.spent += max(got.Ran, 1)
	if err != nil {
		s.err, s.stopped = err, "oracle: "+err.Error()
		return false
	}
	if got.NA != "" {
		p.na = fmt.Sprintf("%s cannot run at %d idle: %s", b, p.n, got.NA)
		return true
	}
	into := p.subj
	if b == s.cfg.Rival {
		into = p.riv
	}
	for m, v := range got.Values {
		into[m] = append(into[m], v...)
	}
	return true
}

// exhausted says why no further round may start, or "".
func (s *searcher) exhausted() string {
	if s.spent+2 > s.budget {
		return fmt.Sprintf("trial budget of %d spent", s.cfg.Budget)
	}
	if s.cfg.Now != nil && !s.cfg.Deadline.IsZero() && !s.cfg.Now().Before(s.cfg.Deadline) {
		return "time budget spent at " + s.cfg.Deadline.Format(time.TimeOnly)
	}
	return ""
}

// verdict judges metric m at p.
func (s *searcher) verdict(p *point, m Metric) Probe {
	if v, ok := p.judged[m.Name]; ok && v.Rounds == p.rounds && v.NA == p.na {
		return v
	}
	v := s.judge(p, m)
	p.judged[m.Name] = v
	return v
}

func (s *searcher) judge(p *point, m Metric) Probe {
	pr := Probe{N: p.n, Rounds: p.rounds, NA: p.na}
	if p.na != "" {
		pr.Outcome = CannotAt
		return pr
	}
	a, b := p.riv[m.Name], p.subj[m.Name]
	if len(a) == 0 || len(b) == 0 {
		return pr
	}
	pr.Test = CompareAt(a, b, s.cfg.Confidence)
	threshold := 1 - s.cfg.Margin
	switch {
	case !pr.Test.Enough:
	case m.LowerIsBetter && pr.Test.Significant() && pr.Test.Hi < threshold:
		pr.Outcome = WinAt
	case m.LowerIsBetter && pr.Test.Lo > threshold:
		pr.Outcome = NoWinAt
	case !m.LowerIsBetter && pr.Test.Significant() && pr.Test.Lo > 1/threshold:
		pr.Outcome = WinAt
	case !m.LowerIsBetter && pr.Test.Hi < 1/threshold:
		pr.Outcome = NoWinAt
	}
	return pr
}

// probe measures n until metric m is decided there, or the point's cap.
func (s *searcher) probe(n int, m Metric) (Probe, bool) {
	p := s.points[n]
	if p == nil {
		p = &point{n: n, subj: map[string][]float64{}, riv: map[string][]float64{}, judged: map[string]Probe{}}
		s.points[n] = p
	}
	if !s.measure(p, s.cfg.PointTrials-p.rounds) {
		return s.verdict(p, m), false
	}
	for {
		v := s.verdict(p, m)
		if v.Outcome != Unsettled || p.rounds >= s.cfg.MaxPointTrials {
			return v, true
		}
		if !s.measure(p, min(s.cfg.MoreTrials, s.cfg.MaxPointTrials-p.rounds)) {
			return s.verdict(p, m), false
		}
	}
}
