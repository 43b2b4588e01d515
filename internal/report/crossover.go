package report

import (
	"fmt"

	"github.com/muxbench/muxbench/internal/analysis"
)

// The crossover question: from which idle count on is Subject at least
// Margin better than each rival in both p99 latency and CPU per request.
const (
	Subject = "epoll_et"
	Margin  = analysis.DefaultMargin
)

// Rivals are the backends the subject is measured against.
var Rivals = []string{"poll", "select"}

// Crossovers analyses every group that holds the subject and a rival.
func Crossovers(groups []analysis.Group) []analysis.Rivalry {
	return analysis.Crossovers(groups, Subject, Rivals, Margin)
}

// why explains a point that is not a win: the four medians of a loss, or
// the analysis's reason.
func why(p analysis.Point) string {
	if p.Outcome != analysis.Loss {
		return p.Why
	}
	sp, sc := p.Subject.Stat("p99_us"), p.Subject.Stat("cpu_us_per_req")
	rp, rc := p.Rival.Stat("p99_us"), p.Rival.Stat("cpu_us_per_req")
	return fmt.Sprintf("p99 %s vs %s µs, CPU/req %s vs %s µs",
		FormatNumber(sp.Median), FormatNumber(rp.Median), FormatNumber(sc.Median), FormatNumber(rc.Median))
}
