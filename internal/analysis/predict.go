package analysis

import (
	"math"
)

// PredictionKind is what the cost model says about one metric.
type PredictionKind int

const (
	Crosses       PredictionKind = iota // the subject becomes margin-better at N
	AlreadyBetter                       // margin-better from no idle connections on
	NeverCrosses                        // the rival's line does not rise fast enough ahead
)

// Prediction is the model's N*: the idle count at which the subject's
// line falls the margin below the rival's, subject(N) = (1 − margin) ·
// rival(N), from local fits around it.
type Prediction struct {
	Kind PredictionKind
	// N is the estimate; Lo and Hi bound it at level Level (Hi is +Inf
	// when the bands do not settle the win up to maxN, Lo +Inf when they
	// do not even allow it).
	N, Lo, Hi float64
	// Level is the interval's joint confidence: each line's band holds at
	// Confidence, so both together at least at 1 − 2·(1 − Confidence).
	Level float64
	// Subject and Rival are the lines the estimate was read from.
	Subject, Rival Line
}

// refits bounds the fit-predict-refit loop of PredictCrossover.
const refits = 4

// PredictCrossover fits both backends' observations of one metric (lower
// is better), predicts N*, then refits each around that N* (around 0 when
// the subject is better from the start) and predicts again until it
// settles, so the slopes used are those near the answer.
// The interval is where the two lines' bands allow, and then force, the
// crossing, searched over [0, maxN]. It is the model's first guess for
// the crossover search, which measures the answer.
func PredictCrossover(subject, rival []Obs, margin, maxN float64) (Prediction, error) {
	s, err := FitLine(subject)
	if err != nil {
		return Prediction{}, err
	}
	r, err := FitLine(rival)
	if err != nil {
		return Prediction{}, err
	}
	p := predictFrom(s, r, margin)
	around := math.NaN() // where the lines were last fitted (NaN: everywhere)
	for range refits {
		target := p.N
		if p.Kind == AlreadyBetter {
			target = 0 // a local fit far from 0 only extrapolates there
		}
		if p.Kind == NeverCrosses || target == around {
			break
		}
		s2, err1 := FitNear(subject, target, DefaultSpan)
		r2, err2 := FitNear(rival, target, DefaultSpan)
		if err1 != nil || err2 != nil {
			break
		}
		next := predictFrom(s2, r2, margin)
		settled := next.Kind == p.Kind && math.Abs(next.N-p.N) <= 0.01*(1+p.N)
		p, around = next, target
		if settled {
			break
		}
	}
	p.Lo, p.Hi = crossInterval(p.Subject, p.Rival, margin, maxN)
	p.Level = 1 - 2*(1-Confidence)
	return p, nil
}

// predictFrom solves the two lines: the gap (1 − margin)·rival − subject
// is linear in N, f0 + k·N.
func predictFrom(s, r Line, margin float64) Prediction {
	p := Prediction{Subject: s, Rival: r}
	f0 := (1-margin)*r.At(0) - s.At(0)
	k := (1-margin)*r.B - s.B
	switch {
	case f0 >= 0:
		p.Kind = AlreadyBetter
	case k <= 0:
		p.Kind, p.N = NeverCrosses, math.Inf(1)
	default:
		p.Kind, p.N = Crosses, -f0/k
	}
	return p
}

// crossInterval: Lo is the first N at which the bands allow the subject to
// be margin-better, Hi the first at which they force it.
func crossInterval(s, r Line, margin, maxN float64) (lo, hi float64) {
	allow := func(n float64) bool {
		_, rHi := r.Band(n, Confidence)
		sLo, _ := s.Band(n, Confidence)
		return (1-margin)*rHi >= sLo
	}
	force := func(n float64) bool {
		rLo, _ := r.Band(n, Confidence)
		_, sHi := s.Band(n, Confidence)
		return (1-margin)*rLo >= sHi
	}
	return firstTrue(allow, maxN), firstTrue(force, maxN)
}

// firstTrue is the smallest N in [0, maxN] where ok holds, found on a log
// grid of (1 + N) and refined by bisection; +Inf if nowhere on the grid.
func firstTrue(ok func(float64) bool, maxN float64) float64 {
	const steps, refine = 400, 40
	if ok(0) {
		return 0
	}
	prev := 0.0
	for i := 1; i <= steps; i++ {
		n := math.Expm1(math.Log1p(maxN) * float64(i) / steps)
		if !ok(n) {
			prev = n
			continue
		}
		for range refine {
			mid := (prev + n) / 2
			if ok(mid) {
				n = mid
			} else {
				prev = mid
			}
		}
		return n
	}
	return math.Inf(1)
}
