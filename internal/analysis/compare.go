package analysis

import (
	"fmt"
	"math"

	"golang.org/x/perf/benchmath"
)

// Comparison is sample B against sample A for one metric: each side's
// median with its interval, B's figure over A's with its interval, and
// the Mann–Whitney U test benchstat runs.
type Comparison struct {
	// N1 and N2 are the trials of A and of B.
	N1, N2 int
	// A and B are each side's median and its Confidence interval
	// (benchmath, ±Inf with fewer than 6 trials).
	A, B benchmath.Summary
	// Ratio is B ÷ A: the Hodges–Lehmann estimate of the ratio (the
	// median of the pairwise ratios b/a). Lo and Hi bound it at
	// Confidence; they are ±Inf when the trials are too few for a finite
	// interval. A change from a median of 0 is ±Inf.
	Ratio, Lo, Hi float64
	// P is the two-sided Mann–Whitney U p-value (AssumeNothing.Compare).
	P float64
	// Need is the trials per side the test needs before any difference
	// can be significant (4 at 0.05).
	Need int
	// Enough says the two sample sizes can reach significance at all:
	// with fewer, no verdict is possible whatever the figures.
	Enough bool
	// Confidence is the intervals' level; the test is significant at
	// 1 − Confidence.
	Confidence float64
	// Paired marks a comparison of paired rounds (PairedAt): Ratio is
	// the median of the rounds' ratios and P the sign test's.
	Paired bool
}

// Compare compares b against a at Confidence (lower or higher is better
// is the caller's: Judge takes it). Neither slice is modified; both must
// hold at least one value.
func Compare(a, b []float64) Comparison { return CompareAt(a, b, Confidence) }

// CompareAt is Compare with intervals at the given confidence and the test
// significant below 1 − confidence.
func CompareAt(a, b []float64, confidence float64) Comparison {
	sa := benchmath.NewSample(append([]float64(nil), a...), &benchmath.Thresholds{CompareAlpha: 1 - confidence})
	sb := benchmath.NewSample(append([]float64(nil), b...), sa.Thresholds)
	alpha := 1 - confidence
	c := Comparison{N1: len(a), N2: len(b), Need: minTrials(alpha), Enough: canDecide(len(a), len(b), alpha), Confidence: confidence}
	c.A = benchmath.AssumeNothing.Summary(sa, confidence)
	c.B = benchmath.AssumeNothing.Summary(sb, confidence)
	c.P = benchmath.AssumeNothing.Compare(sa, sb).P
	c.Ratio, c.Lo, c.Hi = ratioInterval(sa.Values, sb.Values, c.A.Center, alpha)
	return c
}

// Significant reports whether the test rejects "same distribution" at
// 1 − Confidence: benchstat prints a delta instead of "~".
func (c Comparison) Significant() bool { return c.P <= 1-c.Confidence }

// Undecided is the reason no verdict can be given, or "" when one can.
func (c Comparison) Undecided() string {
	if c.Enough {
		return ""
	}
	return fmt.Sprintf("not enough trials to decide (n=%s, need ≥ %d)", sizes(c.N1, c.N2), c.Need)
}

func sizes(n1, n2 int) string {
	if n1 == n2 {
		return fmt.Sprint(n1)
	}
	return fmt.Sprintf("%d+%d", n1, n2)
}

// Change is what a comparison says once a margin is applied.
type Change int

const (
	Undecided Change = iota // too few trials for any verdict
	NoChange                // not significant at Alpha (benchstat's "~")
	Within                  // significant, but the ratio's interval reaches inside the margin
	Better                  // significant, and the interval lies wholly beyond the margin, B better
	Worse                   // the same, B worse
)

// Judge applies a margin (0.10: a change must be more than 10%) to the
// comparison: Better or Worse only when the test is significant and the
// whole interval of B ÷ A lies beyond 1 − margin or 1 + margin on that
// side.
func (c Comparison) Judge(margin float64, lowerIsBetter bool) Change {
	switch {
	case !c.Enough:
		return Undecided
	case !c.Significant():
		return NoChange
	case c.Lo > 1+margin:
		return worseIf(lowerIsBetter)
	case c.Hi < 1-margin:
		return worseIf(!lowerIsBetter)
	}
	return Within
}

func worseIf(worse bool) Change {
	if worse {
		return Worse
	}
	return Better
}

// Delta is the change as benchstat prints it: "~" when not significant,
// else the ratio as a signed percentage with its interval.
func (c Comparison) Delta() string {
	if reason := c.Undecided(); reason != "" {
		return reason
	}
	if !c.Significant() {
		return fmt.Sprintf("~ (p=%.3f n=%s)", c.P, sizes(c.N1, c.N2))
	}
	return fmt.Sprintf("%s (%s to %s, p=%.3f n=%s)", pct(c.Ratio), pct(c.Lo), pct(c.Hi), c.P, sizes(c.N1, c.N2))
}

// pct renders a ratio as a signed change: 1.25 → "+25.0%".
func pct(r float64) string {
	if math.IsInf(r, 0) {
		return fmt.Sprintf("%+.0f", r)
	}
	return fmt.Sprintf("%+.1f%%", (r-1)*100)
}
