package chaos

import (
	"fmt"
	"strings"
)

// Counts renders a count per kind (Injected, Anomalies) as "kind n, kind
// n" in Kinds' order, or "0" when there is none.
func Counts(m map[string]uint64) string {
	if len(m) == 0 {
		return "0"
	}
	parts := make([]string, 0, len(m))
	for _, k := range Kinds(m) {
		parts = append(parts, fmt.Sprintf("%s %d", k, m[k]))
	}
	return strings.Join(parts, ", ")
}
