package report

import (
	"fmt"
)

// The crossover question: from which idle count on is Subject at least
// Margin better than each rival in both p99 latency and CPU per request.
const (
	Subject = "epoll_et"
	Margin  = 0.10
)

// Rivals are the backends the subject is measured against.
var Rivals = []string{"poll", "select"}

// Outcome is the comparison at one idle count.
type Outcome int

const (
	Win         Outcome = iota // subject ≥ Margin better in p99 and CPU/req
	Loss                       // both measured, subject not ≥ Margin better in both
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
	// Why explains a Loss, RivalCannot or NotCompared.
	Why string
}

// Rivalry is the crossover of the subject against one rival in one group.
type Rivalry struct {
	Group  Group
	Rival  string
	Points []Point
	// Found is set when the subject wins from some idle count on;
	// From is then that count.
	Found bool
	From  int
}

// Crossovers analyses every group that holds the subject and a rival.
func Crossovers(groups []Group) []Rivalry {
	var out []Rivalry
	for _, g := range groups {
		if !hasBackend(g, Subject) {
			continue
		}
		for _, rival := range Rivals {
			if hasBackend(g, rival) {
				out = append(out, crossover(g, rival))
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
func crossover(g Group, rival string) Rivalry {
	r := Rivalry{Group: g, Rival: rival}
	for _, idle := range g.Idles() {
		r.Points = append(r.Points, compareAt(g, rival, idle))
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

func compareAt(g Group, rival string, idle int) Point {
	p := Point{Idle: idle}
	subj, okS := g.Cell(Subject, idle)
	riv, okR := g.Cell(rival, idle)
	p.Subject, p.Rival = subj, riv
	switch {
	case !okS || !okR:
		p.Outcome, p.Why = NotCompared, "not measured at this idle count"
		return p
	case riv.NA != "" && subj.NA == "":
		p.Outcome, p.Why = RivalCannot, fmt.Sprintf("%s cannot run: %s", rival, riv.NA)
		return p
	}
	sp, sc := subj.Stat("p99_us"), subj.Stat("cpu_us_per_req")
	rp, rc := riv.Stat("p99_us"), riv.Stat("cpu_us_per_req")
	for _, s := range []struct {
		who  string
		stat Stat
	}{{Subject, sp}, {Subject, sc}, {rival, rp}, {rival, rc}} {
		if !s.stat.OK() || s.stat.Median <= 0 {
			p.Outcome, p.Why = NotCompared, fmt.Sprintf("%s: n/a — %s", s.who, s.stat.NA)
			return p
		}
	}
	p.P99Ratio, p.CPURatio = rp.Median/sp.Median, rc.Median/sc.Median
	if better(sp.Median, rp.Median) && better(sc.Median, rc.Median) {
		p.Outcome = Win
		return p
	}
	p.Outcome, p.Why = Loss, lossReason(sp, rp, sc, rc)
	return p
}

// better reports whether a subject figure is at least Margin below the
// rival's.
func better(subject, rival float64) bool { return subject <= (1-Margin)*rival }

func lossReason(sp, rp, sc, rc Stat) string {
	return fmt.Sprintf("p99 %s vs %s µs, CPU/req %s vs %s µs",
		FormatNumber(sp.Median), FormatNumber(rp.Median), FormatNumber(sc.Median), FormatNumber(rc.Median))
}

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
