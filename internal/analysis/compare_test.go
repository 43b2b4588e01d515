package analysis

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestMinTrials(t *testing.T) {
	if got := MinTrials(); got != 4 {
		t.Errorf("MinTrials() = %d, want 4 (at 3 per side the smallest p is 0.10)", got)
	}
	tests := []struct {
		n1, n2 int
		want   bool
	}{{3, 3, false}, {4, 4, true}, {1, 20, false}, {1, 50, true}, {3, 5, true}, {0, 10, false}}
	for _, tc := range tests {
		if got := CanDecide(tc.n1, tc.n2); got != tc.want {
			t.Errorf("CanDecide(%d, %d) = %v, want %v", tc.n1, tc.n2, got, tc.want)
		}
	}
}

// TestCriticalU checks the exact critical values against the published
// table of the two-sided Mann–Whitney test at 0.05, and the normal
// approximation where the exact limit ends.
func TestCriticalU(t *testing.T) {
	tests := []struct{ n1, n2, want int }{
		{3, 3, -1}, {4, 4, 0}, {5, 5, 2}, {6, 6, 5}, {10, 10, 23}, {8, 12, 22}, {20, 20, 127},
	}
	for _, tc := range tests {
		if got := criticalU(tc.n1, tc.n2, Alpha); got != tc.want {
			t.Errorf("criticalU(%d, %d) = %d, want %d", tc.n1, tc.n2, got, tc.want)
		}
	}
	exact, approx := criticalU(50, 50, Alpha), criticalU(51, 49, Alpha)
	if d := exact - approx; d < -3 || d > 3 {
		t.Errorf("criticalU at the exact limit %d, normal approximation beside it %d", exact, approx)
	}
}

func scaled(v []float64, f float64) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = x * f
	}
	return out
}

func TestCompareJudge(t *testing.T) {
	base := []float64{19, 20, 21, 20.5, 19.5, 20.2}
	tight := []float64{20, 20.1, 19.9, 20.05, 19.95, 20.02}
	tests := []struct {
		name         string
		a, b         []float64
		lowerBetter  bool
		want         Change
		ratio        float64 // 0: not checked
		undecidedMsg string
	}{
		{name: "itself", a: base, b: base, lowerBetter: true, want: NoChange, ratio: 1},
		{name: "doubled latency", a: base, b: scaled(base, 2), lowerBetter: true, want: Worse, ratio: 2},
		{name: "doubled throughput", a: base, b: scaled(base, 2), lowerBetter: false, want: Better, ratio: 2},
		{name: "halved latency", a: base, b: scaled(base, 0.5), lowerBetter: true, want: Better, ratio: 0.5},
		{name: "5% is noise in a 5% spread", a: base, b: scaled(base, 1.05), lowerBetter: true, want: NoChange},
		{name: "a clear 5% is within a 10% margin", a: tight, b: scaled(tight, 1.05), lowerBetter: true, want: Within},
		{name: "3 trials cannot decide", a: base[:3], b: scaled(base[:3], 2), lowerBetter: true, want: Undecided,
			undecidedMsg: "not enough trials to decide (n=3, need ≥ 4)"},
		{name: "from zero", a: []float64{0, 0, 0, 0}, b: []float64{1, 2, 1, 2}, lowerBetter: true, want: Worse, ratio: math.Inf(1)},
		{name: "constant counts", a: []float64{3, 3, 3, 3}, b: []float64{4, 4, 4, 4}, lowerBetter: true, want: Worse, ratio: 4.0 / 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := Compare(tc.a, tc.b)
			if got := c.Judge(DefaultMargin, tc.lowerBetter); got != tc.want {
				t.Errorf("Judge = %d, want %d (%s)", got, tc.want, c.Delta())
			}
			if tc.ratio != 0 && math.Abs(c.Ratio-tc.ratio) > 1e-9 && c.Ratio != tc.ratio {
				t.Errorf("ratio %g, want %g", c.Ratio, tc.ratio)
			}
			if !(c.Lo <= c.Ratio && c.Ratio <= c.Hi) {
				t.Errorf("ratio %g outside its interval [%g, %g]", c.Ratio, c.Lo, c.Hi)
			}
			if got := c.Undecided(); got != tc.undecidedMsg {
				t.Errorf("Undecided() = %q, want %q", got, tc.undecidedMsg)
			}
		})
	}
}

// TestRatioCoverage: over seeded runs of log-normal trials with a known
// ratio, the interval holds the true ratio at least 94% of the time (it
// is built for 95%; the discrete test gives a little more).
func TestRatioCoverage(t *testing.T) {
	const runs, n, truth, sigma = 1000, 10, 1.3, 0.15
	rng := rand.New(rand.NewPCG(14, 1))
	draw := func(center float64) []float64 {
		v := make([]float64, n)
		for i := range v {
			v[i] = center * math.Exp(sigma*rng.NormFloat64())
		}
		return v
	}
	inside := 0
	for range runs {
		c := Compare(draw(50), draw(50*truth))
		if c.Lo <= truth && truth <= c.Hi {
			inside++
		}
	}
	t.Logf("true ratio inside the interval in %d of %d seeded runs", inside, runs)
	if inside < runs*94/100 {
		t.Errorf("coverage %d/%d, want ≥ 94%%", inside, runs)
	}
}

func TestDelta(t *testing.T) {
	base := []float64{19, 20, 21, 20.5, 19.5, 20.2}
	if d := Compare(base, base).Delta(); !strings.HasPrefix(d, "~ (p=1.000 n=6)") {
		t.Errorf("Delta of a sample against itself %q", d)
	}
	if d := Compare(base, scaled(base, 2)).Delta(); !strings.HasPrefix(d, "+100.0% (") || !strings.Contains(d, "p=0.002") {
		t.Errorf("Delta of a doubling %q", d)
	}
}
