package report

import (
	"github.com/muxbench/muxbench/internal/analysis"
	"github.com/muxbench/muxbench/internal/registry"
)

// The crossover question: from which idle count on is Subject at least
// Margin better than each rival, per metric.
const (
	Subject = registry.EpollET
	Margin  = analysis.DefaultMargin
)

// Rivals are the backends the subject is measured against.
var Rivals = []string{registry.Poll, registry.Select}

// percentOf is a margin in whole percent: 0.1 → 10.
func percentOf(margin float64) int { return int(margin*100 + 0.5) }

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
