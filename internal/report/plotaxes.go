package report

import (
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/plot"
)

// idleAxis maps idle counts onto a log axis. Zero has no place on a log
// scale, so idle=0 is drawn one decade below the smallest non-zero count
// and its tick is labelled "0"; the axis label says so.
type idleAxis struct {
	zeroX float64
	idles []int
}

func newIdleAxis(idles []int) idleAxis {
	minNonZero := 0
	for _, i := range idles {
		if i > 0 && (minNonZero == 0 || i < minNonZero) {
			minNonZero = i
		}
	}
	zeroX := 1.0
	if minNonZero > 0 {
		zeroX = float64(minNonZero) / 10
	}
	return idleAxis{zeroX: zeroX, idles: idles}
}

// roomFor moves the place of idle=0 left of every count in extra too
// (the crossover probes), keeping the ticks at the axis's own counts.
func (a idleAxis) roomFor(extra []int) idleAxis {
	for _, i := range extra {
		if i > 0 && float64(i)/10 < a.zeroX {
			a.zeroX = float64(i) / 10
		}
	}
	return a
}

// X is where an idle count is drawn.
func (a idleAxis) X(idle int) float64 { return a.XOf(float64(idle)) }

// XOf is where an idle count estimate (N*) is drawn.
func (a idleAxis) XOf(n float64) float64 {
	if n <= 0 {
		return a.zeroX
	}
	return n
}

// Label is the x axis title; zeroNote says where 0 is drawn.
func (a idleAxis) Label() string {
	if a.hasZero() {
		return "idle connections (log scale; 0 not to scale)"
	}
	return "idle connections (log scale)"
}

// zeroNote explains the place of idle=0 for a figure's notes ("" when
// the axis has no 0).
func (a idleAxis) zeroNote() string {
	if !a.hasZero() {
		return ""
	}
	return "x: 0 idle connections is drawn a decade below " + shortCount(a.zeroX*10) + ", as a log scale has no 0."
}

func (a idleAxis) hasZero() bool { return slices.Contains(a.idles, 0) }

// Ticks labels the measured idle counts. A label too close to the one
// before it goes one line lower, so 10k and 19.8k do not run together;
// one too close to both lines' last labels is left out.
func (a idleAxis) Ticks(_, _ float64) []plot.Tick {
	var ticks []plot.Tick
	last := [2]float64{math.Inf(-1), math.Inf(-1)}
	for _, i := range a.idles {
		x := a.X(i)
		t := plot.Tick{Value: x}
		for line, prefix := range []string{"", "\n"} {
			if math.Log10(x)-last[line] >= staggerDecades {
				t.Label = prefix + shortCount(float64(i))
				last[line] = math.Log10(x)
				break
			}
		}
		ticks = append(ticks, t)
	}
	return ticks
}

// staggerDecades is the closest (in decades) two tick labels sit on one
// line: "19.8k" needs about a third of a decade of a panel's width.
const staggerDecades = 0.4

// shortCount prints 100, 1k, 5k, 18.9k.
func shortCount(v float64) string {
	if v < 1000 {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return strconv.FormatFloat(math.Round(v/100)/10, 'f', -1, 64) + "k"
}

// logTicks labels 1-2-5 steps (or decades, or every integer mantissa,
// whichever gives a readable count) so that a range inside one decade
// still gets labels, unlike plot.LogTicks.
type logTicks struct{}

func (logTicks) Ticks(lo, hi float64) []plot.Tick {
	if lo <= 0 || hi <= lo {
		return nil
	}
	for _, mantissas := range [][]float64{{1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 2, 5}, {1}} {
		ticks := logCandidates(lo, hi, mantissas)
		if n := labelled(ticks); n >= 2 && n <= 8 {
			return ticks
		}
	}
	return []plot.Tick{{Value: lo, Label: FormatNumber(lo)}, {Value: hi, Label: FormatNumber(hi)}}
}

func logCandidates(lo, hi float64, mantissas []float64) []plot.Tick {
	var ticks []plot.Tick
	for e := math.Floor(math.Log10(lo)); e <= math.Ceil(math.Log10(hi)); e++ {
		base := math.Pow(10, e)
		for _, m := range []float64{1, 2, 3, 4, 5, 6, 7, 8, 9} {
			v := m * base
			if v < lo || v > hi {
				continue
			}
			t := plot.Tick{Value: v}
			for _, lm := range mantissas {
				if lm == m {
					t.Label = FormatNumber(v)
				}
			}
			ticks = append(ticks, t)
		}
	}
	return ticks
}

func labelled(ticks []plot.Tick) int {
	n := 0
	for _, t := range ticks {
		if t.Label != "" {
			n++
		}
	}
	return n
}
