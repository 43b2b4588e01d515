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

// KnownPoint is trials measured before the search at one idle count, in
// rounds: Subject[i] and Rival[i] ran close together in time (the same
// pass of the sweep), each a trial's figures by metric name (nil: the
// trial gave none, e.g. it was flagged). NA says a backend cannot run
// here.
type KnownPoint struct {
	N              int
	Subject, Rival []map[string]float64
	NA             string
}

// point is the trials gathered at one idle count, shared by every metric.
type point struct {
	n         int
	subj, riv map[string][]float64
	// pairs are the rounds in which both trials gave the metric.
	pairs  map[string][]Pair
	rounds int
	na     string
	// judged caches each metric's verdict for the rounds it was made at.
	judged map[string]Probe
}

func newPoint(n int) *point {
	return &point{n: n, subj: map[string][]float64{}, riv: map[string][]float64{},
		pairs: map[string][]Pair{}, judged: map[string]Probe{}}
}

// file adds one round: the rival's and the subject's figures.
func (p *point) file(riv, subj map[string]float64) {
	for m, v := range subj {
		p.subj[m] = append(p.subj[m], v)
	}
	for m, v := range riv {
		p.riv[m] = append(p.riv[m], v)
		if w, ok := subj[m]; ok {
			p.pairs[m] = append(p.pairs[m], Pair{A: v, B: w})
		}
	}
	p.rounds++
}

// known files the points measured before the search.
func (s *searcher) known() {
	for _, k := range s.cfg.Known {
		p := newPoint(k.N)
		p.na = k.NA
		for i := range max(len(k.Subject), len(k.Rival)) {
			p.file(at(k.Rival, i), at(k.Subject, i))
		}
		s.points[k.N] = p
	}
}

func at(v []map[string]float64, i int) map[string]float64 {
	if i < len(v) {
		return v[i]
	}
	return nil
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
		got := map[string]map[string]float64{}
		for _, b := range order {
			v, ok := s.trial(p, b)
			if !ok {
				return false
			}
			got[b] = v
		}
		if p.na == "" {
			p.file(got[s.cfg.Rival], got[s.cfg.Subject])
		}
	}
	return true
}

// trial runs one trial of backend b at p and returns its figures (nil for
// a trial that gave none); false when the search must stop.
func (s *searcher) trial(p *point, b string) (map[string]float64, bool) {
	got, err := s.o.Measure(p.n, b, 1)
	s.spent += max(got.Ran, 1)
	if err != nil {
		s.err, s.stopped = err, "oracle: "+err.Error()
		return nil, false
	}
	if got.NA != "" {
		p.na = fmt.Sprintf("%s cannot run at %d idle: %s", b, p.n, got.NA)
		return nil, true
	}
	vals := map[string]float64{}
	for m, v := range got.Values {
		if len(v) > 0 {
			vals[m] = v[0]
		}
	}
	return vals, true
}

// exhausted says why no further round may start, or "".
func (s *searcher) exhausted() string {
	if s.spent+2 > s.budget {
		return fmt.Sprintf("trial budget of %d spent", s.cfg.Budget)
	}
	if !s.deadline.IsZero() && !s.cfg.Now().Before(s.deadline) {
		return "time budget spent at " + s.deadline.Format(time.TimeOnly)
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
	switch {
	case s.cfg.Paired && len(p.pairs[m.Name]) == 0, len(a) == 0 || len(b) == 0:
		return pr
	case s.cfg.Paired:
		pr.Test = PairedAt(p.pairs[m.Name], s.cfg.Confidence)
	default:
		pr.Test = CompareAt(a, b, s.cfg.Confidence)
	}
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

// probe measures n until metric m is decided there, or the point's cap;
// while the search is still reaching for a win or a loss (reaching), a
// visit adds at most PointTrials rounds. A point near N* (its ratio at the
// margin) may take all its rounds and stay unsettled, and a search that
// has no bracket yet must not spend its budget there: a make bench search
// spent 28 rounds at N̂* = 21 (ratio 0.87, 99% interval 0.835–0.903) and
// ran out with nothing decided, beside a sweep point at 100 idle with a
// ratio of 0.64 from 5 rounds.
func (s *searcher) probe(n int, m Metric, reaching bool) (Probe, bool) {
	p := s.points[n]
	if p == nil {
		p = newPoint(n)
		s.points[n] = p
	}
	start := p.rounds
	if !s.measure(p, s.cfg.PointTrials-p.rounds) {
		return s.verdict(p, m), false
	}
	for {
		v := s.verdict(p, m)
		if v.Outcome != Unsettled || !s.spare(v) || (reaching && p.rounds-start >= s.cfg.PointTrials) {
			return v, true
		}
		if !s.measure(p, s.cfg.MoreTrials) {
			return s.verdict(p, m), false
		}
	}
}
