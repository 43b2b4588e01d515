package report

import (
	"fmt"
	"math"
	"strconv"

	"github.com/muxbench/muxbench/internal/analysis"
)

// FormatNumber prints a figure with about three significant digits, and
// thousands separated, so columns of very different scales stay readable.
func FormatNumber(v float64) string {
	a := math.Abs(v)
	switch {
	case a == 0:
		return "0"
	case a >= 1000:
		return Thousands(int64(math.Round(v)))
	case a >= 100:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case a >= 10:
		return strconv.FormatFloat(v, 'f', 1, 64)
	case a >= 1:
		return strconv.FormatFloat(v, 'f', 2, 64)
	default:
		return strconv.FormatFloat(v, 'g', 3, 64)
	}
}

// Thousands prints n with comma separators: 10000 → "10,000".
func Thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := n < 0
	if neg {
		s = s[1:]
	}
	out := make([]byte, 0, len(s)+len(s)/3)
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	if neg {
		return "-" + string(out)
	}
	return string(out)
}

// Ratio prints a "how many times" figure: 1.4×, 12×, 120×.
func Ratio(r float64) string {
	switch {
	case r >= 10:
		return strconv.FormatFloat(r, 'f', 0, 64) + "×"
	default:
		return strconv.FormatFloat(r, 'f', 1, 64) + "×"
	}
}

// StatText renders "median (min–max)", the median alone when the spread
// is nil, or "n/a — reason"; a pooled percentile resting on few samples
// adds their count (poolMark).
func StatText(s analysis.Stat) string {
	if !s.OK() {
		return "n/a — " + s.NA
	}
	if s.N == 1 || s.Min == s.Max {
		return FormatNumber(s.Median) + poolMark(s)
	}
	return fmt.Sprintf("%s (%s–%s)", FormatNumber(s.Median), FormatNumber(s.Min), FormatNumber(s.Max)) + poolMark(s)
}
