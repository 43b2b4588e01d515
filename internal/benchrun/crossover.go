package benchrun

import (
	"fmt"
	"strings"
	"time"

	"github.com/muxbench/muxbench/internal/analysis"
	"github.com/muxbench/muxbench/internal/registry"
)

// CrossoverSpec is one crossover search run after the sweep: from which
// idle count on is Subject at least Margin better than Rival in each of
// Metrics, with Active active connections in Mode, within Budget.
type CrossoverSpec struct {
	Subject, Rival string
	Active         int
	Mode           string
	// Metrics are catalogue names or their short forms (MetricAliases).
	Metrics []string
	// Margin is how much better a win must be (analysis.DefaultMargin
	// when 0).
	Margin float64
	Budget time.Duration
}

// DefaultCrossoverMetrics are what a search answers unless told
// otherwise: CPU per request and p99 latency, which cross at different N.
var DefaultCrossoverMetrics = []string{"cpu_us_per_req", "p99_us"}

// HeadlinePairs are the searches `make bench` runs after the default
// sweep, in mode: epoll_et against poll and select, with 1 and 16 active
// connections, each within budget. The open loop is searched since its
// saturated cells are flagged (server-saturated) and so never counted.
func HeadlinePairs(mode string, budget time.Duration) []CrossoverSpec {
	var out []CrossoverSpec
	for _, active := range []int{1, 16} {
		for _, rival := range []string{registry.Poll, registry.Select} {
			out = append(out, CrossoverSpec{Subject: registry.EpollET, Rival: rival, Active: active,
				Mode: mode, Metrics: DefaultCrossoverMetrics, Budget: budget})
		}
	}
	return out
}

// MetricAliases are the short metric names `bench crossover --metric`
// takes.
var MetricAliases = map[string]string{
	"cpu": "cpu_us_per_req", "p50": "p50_us", "p99": "p99_us", "p999": "p999_us", "rate": "req_per_sec",
}

// CrossoverMetrics resolves metric names. A metric perf counts is refused:
// probe trials run uncounted, as timed trials (perf's tracepoints would
// slow the server they time).
func CrossoverMetrics(names []string) ([]analysis.Metric, error) {
	var out []analysis.Metric
	for _, n := range names {
		if full, ok := MetricAliases[n]; ok {
			n = full
		}
		m, ok := analysis.MetricByName(n)
		switch {
		case !ok:
			return nil, fmt.Errorf("unknown metric %q (have %s, or a catalogue name such as loop_syscalls_per_req)", n, aliasList())
		case m.Source == analysis.FromCounted:
			return nil, fmt.Errorf("metric %s is counted by perf, which probe trials do not run under; use loop_syscalls_per_req", n)
		}
		out = append(out, m)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no metric given (have %s)", aliasList())
	}
	return out, nil
}

func aliasList() string {
	return strings.Join([]string{"cpu", "p50", "p99", "p999", "rate"}, ", ")
}

// Validate reports the first field that cannot run.
func (s CrossoverSpec) Validate() error {
	for _, b := range []string{s.Subject, s.Rival} {
		if _, err := registry.Lookup(b); err != nil {
			return err
		}
	}
	switch {
	case s.Subject == s.Rival:
		return fmt.Errorf("crossover of %s against itself: want two backends", s.Subject)
	case s.Active < 1:
		return fmt.Errorf("crossover active %d: want at least 1", s.Active)
	case s.Mode != "closed" && s.Mode != "open":
		return fmt.Errorf("crossover mode %q: want closed or open", s.Mode)
	case s.Margin < 0 || s.Margin >= 1:
		return fmt.Errorf("crossover margin %g: want 0 ≤ margin < 1", s.Margin)
	case s.Budget <= 0:
		return fmt.Errorf("crossover budget %v: want a time > 0", s.Budget)
	}
	_, err := CrossoverMetrics(s.Metrics)
	return err
}
