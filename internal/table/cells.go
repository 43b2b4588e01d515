package table

import "fmt"

// YesNo is a verdict cell: "yes", or a bold "**NO**" that stands out in a
// column of yeses.
func YesNo(ok bool) string {
	if ok {
		return "yes"
	}
	return "**NO**"
}

// MiB is a byte count in mebibytes with one decimal.
func MiB(n int64) string { return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20)) }
