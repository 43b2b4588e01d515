package analysis

import (
	"math"
	"math/rand/v2"
	"testing"
)

// driftPairs are n synthetic rounds, not a measurement: both trials of a
// round share a drift factor of spread drift (log scale), each has its own
// noise of spread sigma, and B is truth times A.
func driftPairs(rng *rand.Rand, n int, truth, drift, sigma float64) []Pair {
	out := make([]Pair, n)
	for i := range out {
		d := 50 * math.Exp(drift*rng.NormFloat64())
		out[i] = Pair{A: d * math.Exp(sigma*rng.NormFloat64()), B: truth * d * math.Exp(sigma*rng.NormFloat64())}
	}
	return out
}

// TestPairedCoverage: the paired interval holds the true ratio at least
// 94% of the time at 95%, and where a drift shared by each round's two
// trials swamps the unpaired test, the paired one still decides.
func TestPairedCoverage(t *testing.T) {
	const runs, n, truth = 1000, 12, 0.8
	rng := rand.New(rand.NewPCG(21, 4))
	inside, pairedWins, unpairedWins := 0, 0, 0
	for range runs {
		pairs := driftPairs(rng, n, truth, 0.25, 0.02)
		c := PairedAt(pairs, Confidence)
		if c.Lo <= truth && truth <= c.Hi {
			inside++
		}
		if c.Judge(DefaultMargin, true) == Better {
			pairedWins++
		}
		a, b := make([]float64, n), make([]float64, n)
		for i, p := range pairs {
			a[i], b[i] = p.A, p.B
		}
		if Compare(a, b).Judge(DefaultMargin, true) == Better {
			unpairedWins++
		}
	}
	t.Logf("paired: true ratio inside in %d of %d; 20%% better decided in %d (paired) vs %d (unpaired)", inside, runs, pairedWins, unpairedWins)
	if inside < runs*94/100 {
		t.Errorf("coverage %d/%d, want ≥ 94%%", inside, runs)
	}
	if pairedWins < runs*9/10 || unpairedWins > runs/2 {
		t.Errorf("paired decided %d, unpaired %d of %d: the pairing should cancel the drift", pairedWins, unpairedWins, runs)
	}
}

func TestPairedSmall(t *testing.T) {
	same := []Pair{{20, 20}, {21, 21}, {19, 19}, {22, 22}, {20, 20}, {18, 18}, {20, 20}, {21, 21}}
	if c := PairedAt(same, Confidence); c.P != 1 || c.Ratio != 1 || c.Judge(DefaultMargin, true) != NoChange {
		t.Errorf("a sample against itself: P %g, ratio %g, %s", c.P, c.Ratio, c.Delta())
	}
	halved := make([]Pair, 5)
	for i := range halved {
		halved[i] = Pair{A: float64(20 + i), B: float64(10 + i)}
	}
	c := PairedAt(halved, Confidence)
	if c.Enough || c.Need != 6 || c.Judge(DefaultMargin, true) != Undecided {
		t.Errorf("5 rounds at 0.05: enough %v, need %d (the sign test needs 6)", c.Enough, c.Need)
	}
	if got := PairedAt(append(halved, Pair{30, 15}), Confidence); !got.Enough || math.Abs(got.P-2.0/64) > 1e-12 {
		t.Errorf("6 rounds all one way: P %g, want 2/64", got.P)
	}
}
