package benchrun

import (
	"fmt"

	"github.com/muxbench/muxbench/internal/registry"
)

// Descriptor budgets. The child holds stdio, the Go runtime's own fds and
// its listeners besides the connections; the generator holds its margin
// (loadgen.FdMargin), the perf counters (one per counted syscall name) and
// the output files.
const (
	childReserve    = 32
	generatorExtra  = 64
	connsPerPort    = 10000 // above ~14,000 connects to one ip:port get slow
	maxIdleRounding = 100
)

// Limits are the open-files limits the matrix is sized from.
type Limits struct {
	Soft, Hard uint64
	// GeneratorMargin is loadgen's own margin beyond idle+active.
	GeneratorMargin int
}

// Listeners is how many ports a cell's server listens on.
func Listeners(idle, active int) int {
	return max(1, (idle+active+connsPerPort-1)/connsPerPort)
}

// MaxIdle is the largest idle count, rounded down to a hundred, that fits
// both processes' limits next to maxActive active connections.
func (l Limits) MaxIdle(maxActive int) int {
	n := int(l.Soft) - maxActive - l.GeneratorMargin - generatorExtra
	n -= n % maxIdleRounding
	return max(n, 0)
}

// NA says why a cell cannot run, or "" when it can.
func (l Limits) NA(backend string, idle, active int) string {
	lis := Listeners(idle, active)
	b, err := registry.Lookup(backend)
	if err == nil && b.Unavailable() != "" {
		return b.Unavailable()
	}
	if err == nil && b.MaxConns(lis) >= 0 && idle+active > b.MaxConns(lis) {
		return fmt.Sprintf("%s; this cell needs fd %d (idle %d + active %d + %d listener(s) + %d reserved)",
			b.FdLimitWhy, idle+active+lis+registry.ServeReserve, idle, active, lis, registry.ServeReserve)
	}
	gen := idle + active + l.GeneratorMargin + generatorExtra
	srv := idle + active + lis + childReserve
	if need := max(gen, srv); uint64(need) > l.Soft {
		return fmt.Sprintf("needs %d file descriptors per process (idle %d + active %d + margin) but RLIMIT_NOFILE is %d (hard %d)",
			need, idle, active, l.Soft, l.Hard)
	}
	return ""
}

// FitsFleets reports whether the generator can hold fleets idle fleets
// of idle connections at once next to active ones: the crossover search
// keeps one per backend at a probe point.
func (l Limits) FitsFleets(idle, fleets, active int) bool {
	return uint64(fleets*idle+active+l.GeneratorMargin+generatorExtra) <= l.Soft
}
