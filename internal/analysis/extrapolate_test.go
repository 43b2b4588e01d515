package analysis

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestExtrapolate: poll-like data whose cost per idle fd is 0.6 µs beyond
// 4,000 (and less below) projects to 100,000 and 1,000,000 from the top
// of the range, labelled as extrapolation, and the interval holds the
// true cost in at least 95% of seeded runs.
func TestExtrapolate(t *testing.T) {
	const runs = 500
	idles := []float64{0, 100, 1000, 5000, 10000, 19800}
	rng := rand.New(rand.NewPCG(5, 1))
	targets := []float64{100_000, 1_000_000}
	inside := make([]int, len(targets))
	var widths []float64
	for range runs {
		obs := synth(rng, idles, 5, piecewise, func(m float64) float64 { return m * 0.05 * rng.NormFloat64() })
		proj, line, err := Extrapolate(obs, append(targets, 10000)...)
		if err != nil {
			t.Fatal(err)
		}
		if line.XMin != 5000 || line.XMax != 19800 {
			t.Fatalf("fitted on %g–%g, want the top of the range, 5,000–19,800", line.XMin, line.XMax)
		}
		for i, n := range targets {
			p := proj[i]
			if !p.Extrapolated || p.N != n || !(p.Lo <= p.Cost && p.Cost <= p.Hi) || math.IsInf(p.Lo, 0) || math.IsInf(p.Hi, 0) {
				t.Fatalf("projection %+v", p)
			}
			if truth := piecewise(n); p.Lo <= truth && truth <= p.Hi {
				inside[i]++
			}
		}
		widths = append(widths, (proj[1].Hi-proj[1].Lo)/proj[1].Cost)
		if proj[2].Extrapolated {
			t.Fatalf("10,000 lies in the fitted range: %+v", proj[2])
		}
	}
	t.Logf("median interval at 1,000,000: ±%.0f%% of the projection", 50*Median(widths))
	for i, n := range targets {
		t.Logf("true cost at %g idle inside the projection's interval in %d of %d seeded runs", n, inside[i], runs)
		if inside[i] < runs*95/100 {
			t.Errorf("coverage at %g: %d/%d, want ≥ 95%%", n, inside[i], runs)
		}
	}
}
