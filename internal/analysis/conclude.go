package analysis

// conclude reads a metric's answer off its bracket. "No difference up to
// MaxN" needs the largest point decided (not a win): points left
// unsettled, by noise or by flagged trials, leave the answer undecided.
func (s *searcher) conclude(b bracket) MetricResult {
	r := MetricResult{Metric: b.metric.Name, Probes: b.probes, Lo: -1, Hi: -1}
	if b.cut > 0 {
		r.UpTo = b.probes[b.cut-1].N
	}
	if b.cut < len(b.probes) {
		r.CannotFrom, r.CannotWhy = b.probes[b.cut].N, b.probes[b.cut].NA
	}
	switch {
	case b.win >= 0 && b.loss >= 0:
		r.Kind, r.NStar = Found, s.estimate(b)
		r.Lo, r.Hi = float64(b.probes[b.loss].N), float64(b.probes[b.win].N)
		r.Narrow = r.Hi-r.Lo <= s.cfg.Width*r.NStar
		r.Fit = s.fitOf(b, b.probes[b.loss].N, b.probes[b.win].N)
	case b.win >= 0 && b.probes[b.win].N <= s.cfg.MinN:
		r.Kind, r.NStar, r.Lo, r.Hi = WinsFromStart, float64(s.cfg.MinN), float64(s.cfg.MinN), float64(s.cfg.MinN)
	case b.win >= 0 && b.probes[0].N <= s.cfg.MinN:
		// Undecided down to MinN: N* is no larger than the first win.
		r.Kind, r.Lo, r.Hi = AtMost, float64(s.cfg.MinN), float64(b.probes[b.win].N)
		r.Fit = s.fitOf(b, s.cfg.MinN, b.probes[b.win].N)
	case b.win >= 0:
		r.Kind, r.Hi = Unbracketed, float64(b.probes[b.win].N)
	case b.cut < len(b.probes):
		r.Kind = CannotRun
	case r.UpTo >= s.cfg.MaxN && b.probes[b.cut-1].Outcome == NoWinAt:
		r.Kind = NoDifference
	default:
		r.Kind = Unbracketed
	}
	return r
}

// fitOf is the paired rounds' fit across [from, to], nil without one.
func (s *searcher) fitOf(b bracket, from, to int) *RatioFit {
	if !s.cfg.Paired {
		return nil
	}
	if f, ok := s.ratioFit(b, from, to); ok {
		return &f
	}
	return nil
}
