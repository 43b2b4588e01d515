package table

import (
	"math"
	"strconv"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// english groups digits by thousands with commas (x/text's CLDR data); a
// Printer is safe for concurrent use.
var english = message.NewPrinter(language.English)

// Thousands prints n with its thousands separated: 10000 → "10,000".
func Thousands(n int64) string { return english.Sprint(n) }

// Number prints a figure with about three significant digits, thousands
// separated, so columns of very different scales stay readable: 0.0123,
// 1.23, 12.3, 123, 1,235.
func Number(v float64) string {
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
