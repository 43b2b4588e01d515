package analysis

import (
	"math"
	"sort"
)

// step is how far the search reaches out, on the (1 + N) scale, while it
// looks for the first loss below or win above.
const step = 3.0

// bracket is the state of one metric's search over the points measured.
type bracket struct {
	metric Metric
	probes []Probe // every point, ascending
	cut    int     // index of the first point a backend cannot run at (or len)
	win    int     // smallest win with no loss above it, below cut; -1 if none
	loss   int     // largest loss below win (below cut when no win); -1 if none
}

func (s *searcher) state(m Metric) bracket {
	b := bracket{metric: m, win: -1, loss: -1}
	for _, p := range s.points {
		b.probes = append(b.probes, s.verdict(p, m))
	}
	sort.Slice(b.probes, func(i, j int) bool { return b.probes[i].N < b.probes[j].N })
	b.cut = len(b.probes)
	for i, p := range b.probes {
		if p.Outcome == CannotAt {
			b.cut = i
			break
		}
	}
	for i := b.cut - 1; i >= 0 && b.probes[i].Outcome != NoWinAt; i-- {
		if b.probes[i].Outcome == WinAt {
			b.win = i
		}
	}
	top := b.cut
	if b.win >= 0 {
		top = b.win
	}
	for i := top - 1; i >= 0; i-- {
		if b.probes[i].Outcome == NoWinAt {
			b.loss = i
			break
		}
	}
	return b
}

// startN is where metric m's search begins: its own start, else the
// shared one, else the middle of the range.
func (s *searcher) startN(m Metric) int {
	start := s.cfg.Start
	if v := s.cfg.Starts[m.Name]; v > 0 {
		start = v
	}
	if start > 0 {
		return clampN(int(math.Round(start)), s.cfg.MinN, s.cfg.MaxN)
	}
	return geoMid(s.cfg.MinN, s.cfg.MaxN)
}

func clampN(n, lo, hi int) int { return max(lo, min(hi, n)) }

// geoMid is the middle of a and b on the (1 + N) scale.
func geoMid(a, b int) int {
	return int(math.Round(math.Sqrt(float64(1+a)*float64(1+b)) - 1))
}

// searchMetric probes until the bracket of m is narrow, cannot narrow, or
// the budget is spent.
func (s *searcher) searchMetric(m Metric, n int) MetricResult {
	for {
		b := s.state(m)
		if _, ok := s.probe(n, m, b.win < 0 || b.loss < 0); !ok {
			break
		}
		next, more := s.next(s.state(m))
		if !more {
			break
		}
		n = next
	}
	r := s.conclude(s.state(m))
	r.Stopped = s.stopped
	return r
}

// next is the idle count to probe next, or false when there is none.
func (s *searcher) next(b bracket) (int, bool) {
	switch {
	case b.win < 0:
		return s.up(b)
	case b.loss < 0:
		return s.down(b)
	}
	return s.narrow(b)
}

// up reaches for a win: first at a point already measured but not yet
// settled with rounds to spare (the sweep's) above every point that is a
// decided loss or unsettled after all its rounds, lowest first (spareIn);
// else above the highest point both could run at.
func (s *searcher) up(b bracket) (int, bool) {
	floor := -1
	for i := range b.cut {
		if p := b.probes[i]; p.Outcome == NoWinAt || (p.Outcome == Unsettled && !s.spare(p)) {
			floor = i
		}
	}
	if i, ok := s.spareIn(b, floor+1, b.cut, +1); ok {
		return b.probes[i].N, true
	}
	limit := s.cfg.MaxN
	if b.cut < len(b.probes) {
		limit = b.probes[b.cut].N - 1
	}
	if b.cut == 0 {
		return geoMid(s.cfg.MinN, limit+1), limit >= s.cfg.MinN && geoMid(s.cfg.MinN, limit+1) <= limit
	}
	top := b.probes[b.cut-1].N
	if top >= limit {
		return 0, false
	}
	n := int(math.Round((1+float64(top))*step - 1))
	if n > limit {
		n = geoMid(top, limit+1)
	}
	return n, n > top && n <= limit
}

// down reaches for a loss below the win: first at an unsettled point with
// rounds to spare, nearest the win first (spareIn); else below the lowest
// point.
func (s *searcher) down(b bracket) (int, bool) {
	if i, ok := s.spareIn(b, 0, b.win, -1); ok {
		return b.probes[i].N, true
	}
	low := b.probes[0].N
	if low <= s.cfg.MinN {
		return 0, false
	}
	return clampN(int((1+float64(low))/step-1), s.cfg.MinN, low-1), true
}

// spareIn is the first probe with rounds to spare among from..to-1, in
// dir's order (+1 ascending, -1 descending), preferring one that has had
// fewer than PointTrials rounds (a sweep point) to one a visit has already
// left unsettled: the search decides the clearer points it has not yet
// measured in full before it returns to one at the margin.
func (s *searcher) spareIn(b bracket, from, to, dir int) (int, bool) {
	first, firstFresh := -1, -1
	for k := range max(to-from, 0) {
		i := from + k
		if dir < 0 {
			i = to - 1 - k
		}
		if p := b.probes[i]; s.spare(p) {
			if first < 0 {
				first = i
			}
			if firstFresh < 0 && p.Rounds < s.cfg.PointTrials {
				firstFresh = i
			}
		}
	}
	if firstFresh >= 0 {
		return firstFresh, true
	}
	return first, first >= 0
}

// spare says a point is unsettled with rounds to spare: measuring it
// again may decide it (a point of the sweep has few rounds). What counts
// is the rounds that gave the comparison both figures, up to
// MaxPointTrials, so that flagged trials (a contended machine) do not use
// a point up; the rounds run are capped at twice that.
func (s *searcher) spare(p Probe) bool {
	return p.Outcome == Unsettled && p.Test.N1 < s.cfg.MaxPointTrials && p.Rounds < 2*s.cfg.MaxPointTrials
}

// narrow probes the wider of the gaps next to the bracket's ends, while
// the bracket is wider than Width·N* and a gap has room.
func (s *searcher) narrow(b bracket) (int, bool) {
	lo, hi := b.probes[b.loss].N, b.probes[b.win].N
	if float64(hi-lo) <= s.cfg.Width*s.estimate(b) {
		return 0, false
	}
	gaps := [][2]int{{lo, b.probes[b.loss+1].N}, {b.probes[b.win-1].N, hi}}
	best, width := 0, 0.0
	for _, g := range gaps {
		mid := geoMid(g[0], g[1])
		if w := math.Log(float64(1+g[1]) / float64(1+g[0])); mid > g[0] && mid < g[1] && w > width {
			best, width = mid, w
		}
	}
	return best, width > 0
}

// estimate is where the ratio crosses the win threshold between the
// bracket's points (interpolated on the log scales), or the bracket's
// middle when the points do not show the crossing.
func (s *searcher) estimate(b bracket) float64 {
	lo, hi := b.probes[b.loss], b.probes[b.win]
	est := float64(geoMid(lo.N, hi.N))
	for i := b.loss; i < b.win; i++ {
		g1, g2 := s.gap(b.probes[i], b.metric), s.gap(b.probes[i+1], b.metric)
		if g1 >= 0 && g2 < 0 && !math.IsInf(g1-g2, 0) {
			x1, x2 := math.Log1p(float64(b.probes[i].N)), math.Log1p(float64(b.probes[i+1].N))
			est = math.Expm1(x1 + g1/(g1-g2)*(x2-x1))
		}
	}
	return est
}

// gap is how far a point's ratio lies from the win threshold, on the log
// scale: positive on the losing side.
func (s *searcher) gap(p Probe, m Metric) float64 {
	if !(p.Test.Ratio > 0) {
		return 0
	}
	g := math.Log(p.Test.Ratio) - math.Log(1-s.cfg.Margin)
	if !m.LowerIsBetter {
		g = -math.Log(p.Test.Ratio) - math.Log(1-s.cfg.Margin)
	}
	return g
}
