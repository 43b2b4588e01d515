package table

import (
	"math"
	"strconv"
)

// durationUnit is a unit Micros may print in: its size in nanoseconds
// and its name.
type durationUnit struct {
	ns   float64
	name string
}

// durationUnits are the units Micros picks from, smallest first.
var durationUnits = []durationUnit{{1, "ns"}, {1e3, "µs"}, {1e6, "ms"}, {1e9, "s"}}

// Micros prints a time given in microseconds (latency, CPU per request)
// with three significant digits in the largest unit that keeps it at 1 or
// more: 0.87 → "870ns", 9.874 → "9.87µs", 109 → "109µs", 1663.75 →
// "1.66ms", 18072 → "18.1ms", 2.5e6 → "2.50s". The value is rounded
// before the unit is chosen, so 999.7 µs reads "1.00ms", never "1000µs".
func Micros(us float64) string {
	if math.IsNaN(us) || math.IsInf(us, 0) {
		return "n/a"
	}
	unit, ok := unitOf(us)
	if !ok {
		return "0µs"
	}
	return inUnit(us, unit) + unit.name
}

// MicrosSpread prints a median with its min–max spread, the bounds in the
// median's unit so the eye compares digits: (3095, 2943, 3138) →
// "3.10ms (2.94–3.14)". Each figure keeps three significant digits; a
// bound in a smaller unit reads "0.870", in a larger one "1200".
func MicrosSpread(median, lo, hi float64) string {
	unit, ok := unitOf(median)
	if !ok || math.IsNaN(lo+hi) || math.IsInf(lo+hi, 0) {
		return Micros(median)
	}
	return inUnit(median, unit) + unit.name + " (" + inUnit(lo, unit) + "–" + inUnit(hi, unit) + ")"
}

// unitOf is the unit Micros prints us in: the largest that keeps the
// rounded figure at 1 or more; false for zero.
func unitOf(us float64) (durationUnit, bool) {
	ns := roundSignificant(us*1e3, 3)
	if ns == 0 {
		return durationUnit{}, false
	}
	unit := durationUnits[0]
	for _, u := range durationUnits[1:] {
		if math.Abs(ns) >= u.ns {
			unit = u
		}
	}
	return unit, true
}

// inUnit is us in unit with three significant digits.
func inUnit(us float64, unit durationUnit) string {
	v := roundSignificant(us*1e3, 3) / unit.ns
	return strconv.FormatFloat(v, 'f', decimals(v), 64)
}

// roundSignificant rounds v to n significant digits.
func roundSignificant(v float64, n int) float64 {
	if v == 0 {
		return 0
	}
	scale := math.Pow(10, float64(n)-math.Ceil(math.Log10(math.Abs(v))))
	return math.Round(v*scale) / scale
}

// decimals gives a value from 1 to 999 three significant digits (a
// sub-nanosecond value two decimals).
func decimals(v float64) int {
	switch a := math.Abs(v); {
	case a < 10:
		return 2
	case a < 100:
		return 1
	}
	return 0
}
