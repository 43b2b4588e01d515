package report

import (
	"fmt"
	"strconv"

	"github.com/muxbench/muxbench/internal/analysis"
	"github.com/muxbench/muxbench/internal/table"
)

// FormatNumber is table.Number: about three significant digits,
// thousands separated.
func FormatNumber(v float64) string { return table.Number(v) }

// Thousands is table.Thousands: 10000 → "10,000".
func Thousands(n int64) string { return table.Thousands(n) }

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
