package benchrun

import (
	"errors"
	"fmt"
	"slices"

	"github.com/muxbench/muxbench/internal/loadgen"
	"github.com/muxbench/muxbench/internal/registry"
	"github.com/muxbench/muxbench/internal/results"
	"github.com/muxbench/muxbench/internal/rlimit"
)

// ErrNothingToMeasure marks a matrix whose every cell is n/a on this
// machine (beyond the open-files limit, select above FD_SETSIZE).
var ErrNothingToMeasure = errors.New("nothing to measure")

// Check lays out opts' cells against this machine's open-files limits as
// Run would (raising the soft limit to the hard one) without starting
// anything. When every cell would be n/a it returns an error wrapping
// ErrNothingToMeasure that says why and what to ask for instead, so that
// bench run can refuse at once rather than measure nothing.
func Check(opts Options) error {
	files, err := rlimit.Raise()
	if err != nil {
		return err
	}
	r := &runner{opts: opts, cells: map[results.CellKey]*results.Cell{},
		limits: Limits{Soft: files.Soft, Hard: files.Hard, GeneratorMargin: loadgen.FdMargin}}
	r.opts.Idle = r.resolveIdle()
	r.run = &results.Run{Config: r.config()}
	r.layout()
	return r.nothingToMeasure()
}

// nothingToMeasure is Check's verdict on the laid-out cells. The example
// cell is one of a backend without an fd ceiling of its own when there is
// one: its reason is the machine's limit, which every backend shares.
func (r *runner) nothingToMeasure() error {
	cells := r.run.Cells
	if len(cells) == 0 || slices.ContainsFunc(cells, func(c results.Cell) bool { return c.NA == "" }) {
		return nil
	}
	c := cells[0]
	if i := slices.IndexFunc(cells, func(c results.Cell) bool { return registry.MustLookup(c.Backend).MaxConns(1) < 0 }); i >= 0 {
		c = cells[i]
	}
	advice := fmt.Sprintf("ask for fewer idle connections (--idle max is the most the fd limit allows here: %d)", r.limits.MaxIdle(slices.Max(r.opts.Active)))
	if b := registry.MustLookup(c.Backend); b.MaxConns(1) >= 0 {
		advice = fmt.Sprintf("ask for fewer idle connections (%s holds at most %d connections) or another backend", b.Name, b.MaxConns(Listeners(c.Idle, c.Active)))
	}
	return fmt.Errorf("%w: all %d requested cells are n/a, e.g. %s idle=%d active=%d: %s; %s",
		ErrNothingToMeasure, len(cells), c.Backend, c.Idle, c.Active, c.NA, advice)
}
