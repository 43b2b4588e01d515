package benchrun

import (
	"fmt"
	"slices"

	"github.com/muxbench/muxbench/internal/cli"
	"github.com/muxbench/muxbench/internal/registry"
	"github.com/muxbench/muxbench/internal/results"
)

// DefaultReferenceIdle are the idle counts at which the profiles run the
// reference backends (c_epoll) in the sweep: the cells the Go backends are
// compared with the C floor at (0 and 1,000 idle), not every count, which
// would cost the default profile about a seventh more time.
var DefaultReferenceIdle = []int{0, 1000}

// serverCommand is the program and arguments that serve b with flags:
// `bench serve`, or an External backend's own program, started directly
// so that the CPU, context switches and syscalls measured are its own and
// not a Go wrapper's. (A missing program's cells are n/a: see cellNA.)
func (r *runner) serverCommand(b registry.Backend, flags []string) (string, []string) {
	if b.Kind != registry.External {
		return r.opts.Exe, append([]string{"serve"}, flags...)
	}
	path, _ := b.ProgramPath()
	return path, flags
}

// cellNA says why cell k cannot run, or "": its backend is unavailable or
// does not speak k's handler, or the fd limits forbid it.
func (r *runner) cellNA(k results.CellKey) string {
	if b, err := registry.Lookup(k.Backend); err == nil {
		if why := b.CannotServe(k.Handler); why != "" {
			return why
		}
	}
	return r.limits.NA(k.Backend, k.Idle, k.Active)
}

// sweepNA is cellNA for a cell of the idle sweep, where a reference
// backend runs at the profile's ReferenceIdle counts only.
func (r *runner) sweepNA(k results.CellKey) string {
	if why := r.cellNA(k); why != "" {
		return why
	}
	ref := r.opts.ReferenceIdle
	if b, err := registry.Lookup(k.Backend); err == nil && b.Reference() && len(ref) > 0 && !slices.Contains(ref, k.Idle) {
		return fmt.Sprintf("%s is a reference floor, run at idle %s only in profile %s (an explicit --idle runs it at every count)",
			k.Backend, cli.FormatCounts(ref, nil), r.opts.Name)
	}
	return ""
}
