package analysis

import (
	"fmt"
)

// The metrics the grid crossover judges: the subject wins at an idle count
// when it is at least the margin below the rival in both.
const (
	crossP99 = "p99_us"
	crossCPU = "cpu_us_per_req"
)

// Outcome is the comparison at one idle count.
type Outcome int

const (
	Win         Outcome = iota // subject ≥ margin better in p99 and CPU/req
	Loss                       // both measured, subject not ≥ margin better in both
	RivalCannot                // the rival's cell could not run (n/a): subject wins by default
	NotCompared                // a figure is missing (flagged trials, subject n/a)
)

// Point is the subject against one rival at one idle count.
type Point struct {
	Idle    int
	Outcome Outcome
	// P99Ratio and CPURatio are rival ÷ subject (above 1: subject better);
	// valid for Win and Loss.
	P99Ratio, CPURatio float64
	Subject, Rival     CellSummary
	// Why explains RivalCannot or NotCompared; a Loss is explained by the
	// four medians in Subject and Rival.
	Why string
}

// Rivalry is the crossover of the subject against one rival in one group.
type Rivalry struct {
	Group   Group
	Subject string
	Rival   string
	Margin  float64
	Points  []Point
	// Found is set when the subject wins from some idle count on;
	// From is then that count.
	Found bool
	From  int
}

// Crossovers analyses every group that holds the subject and a rival: from
// which idle count on is subject at least margin (0.10 = 10%) below each
// rival in both p99 latency and CPU per request, by the cells' medians.
func Crossovers(groups []Group, subject string, rivals []string, margin float64) []Rivalry {
	var out []Rivalry
	for _, g := range groups {
		if !hasBackend(g, subject) {
			continue
		}
		for _, rival := range rivals {
			if hasBackend(g, rival) {
				out = append(out, crossover(Rivalry{Group: g, Subject: subject, Rival: rival, Margin: margin}))
			}
		}
	}
	return out
}

func hasBackend(g Group, b string) bool {
	for _, c := range g.Cells {
		if c.Backend == b {
			return true
		}
	}
	return false
}

// crossover finds the smallest idle count from which every compared idle
// count is a win; idle counts not compared neither make nor break it.
func crossover(r Rivalry) Rivalry {
	for _, idle := range r.Group.Idles() {
		r.Points = append(r.Points, r.compareAt(idle))
	}
	for i := len(r.Points) - 1; i >= 0; i-- {
		switch r.Points[i].Outcome {
		case Win, RivalCannot:
			r.Found, r.From = true, r.Points[i].Idle
		case Loss:
			return r
		}
	}
	return r
}

func (r Rivalry) compareAt(idle int) Point {
	p := Point{Idle: idle}
	subj, okS := r.Group.Cell(r.Subject, idle)
	riv, okR := r.Group.Cell(r.Rival, idle)
	p.Subject, p.Rival = subj, riv
	switch {
	case !okS || !okR:
		p.Outcome, p.Why = NotCompared, "not measured at this idle count"
		return p
	case riv.NA != "" && subj.NA == "":
		p.Outcome, p.Why = RivalCannot, fmt.Sprintf("%s cannot run: %s", r.Rival, riv.NA)
		return p
	}
	sp, sc := subj.Stat(crossP99), subj.Stat(crossCPU)
	rp, rc := riv.Stat(crossP99), riv.Stat(crossCPU)
	for _, s := range []struct {
		who  string
		stat Stat
	}{{r.Subject, sp}, {r.Subject, sc}, {r.Rival, rp}, {r.Rival, rc}} {
		if !s.stat.OK() || s.stat.Median <= 0 {
			p.Outcome, p.Why = NotCompared, fmt.Sprintf("%s: n/a — %s", s.who, s.stat.NA)
			return p
		}
	}
	p.P99Ratio, p.CPURatio = rp.Median/sp.Median, rc.Median/sc.Median
	p.Outcome = Loss
	if r.better(sp.Median, rp.Median) && r.better(sc.Median, rc.Median) {
		p.Outcome = Win
	}
	return p
}

// better reports whether a subject figure is at least the margin below
// the rival's.
func (r Rivalry) better(subject, rival float64) bool { return subject <= (1-r.Margin)*rival }

// Largest is the largest idle count where both ran and were compared, the
// point a sentence quotes ratios at.
func (r Rivalry) Largest() (Point, bool) {
	for i := len(r.Points) - 1; i >= 0; i-- {
		if o := r.Points[i].Outcome; o == Win || o == Loss {
			return r.Points[i], true
		}
	}
	return Point{}, false
}

// FirstCannot is the smallest idle count at which the rival could not run.
func (r Rivalry) FirstCannot() (Point, bool) {
	for _, p := range r.Points {
		if p.Outcome == RivalCannot {
			return p, true
		}
	}
	return Point{}, false
}

// Losses are the points where the subject does not win.
func (r Rivalry) Losses() []Point {
	var out []Point
	for _, p := range r.Points {
		if p.Outcome == Loss {
			out = append(out, p)
		}
	}
	return out
}
