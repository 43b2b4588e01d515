package report

import (
	"strings"

	"github.com/muxbench/muxbench/internal/analysis"
	"github.com/muxbench/muxbench/internal/registry"
)

// The "req/s vs C" column (#15) sets a raw backend's throughput against
// the C floor's: the backend's median req/s ÷ c_epoll's median req/s in
// the same group and idle count, both measured in this run on the same
// fleet and pinning. Only the raw backends (the event loops and the
// completion ring) get a figure; netpoll and c_epoll itself are blank.
// Where c_epoll has no figure at that idle count the cell is n/a and the
// reason joins the notes: not run at this idle count (the profiles run it
// at ReferenceIdle only), or its own reason (not built: no C compiler).

// vsCTitle heads the column.
const vsCTitle = "req/s vs C"

// vsC is c's "req/s vs C" cell.
func vsC(g analysis.Group, c analysis.CellSummary, notes *notes) string {
	if !rawBackend(c.Backend) {
		return ""
	}
	mine := c.Stat("req_per_sec")
	if !mine.OK() {
		return "n/a"
	}
	floor, why := floorRate(g, c.Idle)
	if why != "" {
		notes.add(vsCTitle+": n/a — "+why, c.Idle)
		return "n/a"
	}
	return ratioText(mine.Median / floor)
}

// floorRate is c_epoll's median req/s at idle in g, or why there is none.
func floorRate(g analysis.Group, idle int) (float64, string) {
	ref, ok := g.Cell(registry.CEpoll, idle)
	switch {
	case !ok || strings.Contains(ref.NA, "reference floor"):
		return 0, registry.CEpoll + " not run at this idle count"
	case ref.NA != "":
		return 0, ref.NA
	}
	s := ref.Stat("req_per_sec")
	if !s.OK() || s.Median <= 0 {
		return 0, registry.CEpoll + " req/s n/a: " + s.NA
	}
	return s.Median, ""
}

// rawBackend reports whether b is one of the raw backends the C floor is
// their measure: an event loop or the completion ring.
func rawBackend(b string) bool {
	be, err := registry.Lookup(b)
	return err == nil && (be.Kind == registry.EventLoop || be.Kind == registry.Completion)
}
