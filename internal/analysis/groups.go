package analysis

import (
	"slices"
	"sort"

	"github.com/muxbench/muxbench/internal/results"
)

// Group is the cells sharing scenario, mode and active count: one terminal
// table, one figure, one crossover.
type Group struct {
	Scenario string
	Mode     string
	Rate     float64
	Active   int
	// Cells are ordered by backend (the run's order) then idle count.
	Cells []CellSummary
}

// Backends lists the group's backends in cell order.
func (g Group) Backends() []string {
	var out []string
	for _, c := range g.Cells {
		if !slices.Contains(out, c.Backend) {
			out = append(out, c.Backend)
		}
	}
	return out
}

// Idles lists the group's idle counts, ascending.
func (g Group) Idles() []int {
	var out []int
	for _, c := range g.Cells {
		if !slices.Contains(out, c.Idle) {
			out = append(out, c.Idle)
		}
	}
	sort.Ints(out)
	return out
}

// Cell finds a backend's cell at an idle count.
func (g Group) Cell(backend string, idle int) (CellSummary, bool) {
	for _, c := range g.Cells {
		if c.Backend == backend && c.Idle == idle {
			return c, true
		}
	}
	return CellSummary{}, false
}

// GroupCells splits summaries into groups ordered by scenario and mode as
// they first appear, then by active count.
func GroupCells(run *results.Run, cells []CellSummary) []Group {
	type gkey struct {
		scenario, mode string
		active         int
	}
	index := map[gkey]int{}
	var groups []Group
	for _, c := range cells {
		k := gkey{c.Scenario, c.Mode, c.Active}
		i, ok := index[k]
		if !ok {
			i = len(groups)
			index[k] = i
			groups = append(groups, Group{Scenario: c.Scenario, Mode: c.Mode, Rate: c.Rate, Active: c.Active})
		}
		groups[i].Cells = append(groups[i].Cells, c)
	}
	order := firstSeen(cells)
	sort.SliceStable(groups, func(i, j int) bool {
		a, b := groups[i], groups[j]
		if order[a.Scenario] != order[b.Scenario] {
			return order[a.Scenario] < order[b.Scenario]
		}
		if order[a.Mode] != order[b.Mode] {
			return order[a.Mode] < order[b.Mode]
		}
		return a.Active < b.Active
	})
	for i := range groups {
		sortCells(groups[i].Cells, backendOrder(run, groups[i].Cells))
	}
	return groups
}

func firstSeen(cells []CellSummary) map[string]int {
	order := map[string]int{}
	for _, c := range cells {
		for _, s := range []string{c.Scenario, c.Mode} {
			if _, ok := order[s]; !ok {
				order[s] = len(order)
			}
		}
	}
	return order
}

// backendOrder follows the run's configured backend list, then first
// appearance for any backend not listed.
func backendOrder(run *results.Run, cells []CellSummary) map[string]int {
	order := map[string]int{}
	for _, b := range run.Config.Backends {
		if _, ok := order[b]; !ok {
			order[b] = len(order)
		}
	}
	for _, c := range cells {
		if _, ok := order[c.Backend]; !ok {
			order[c.Backend] = len(order)
		}
	}
	return order
}

func sortCells(cells []CellSummary, order map[string]int) {
	sort.SliceStable(cells, func(i, j int) bool {
		if cells[i].Backend != cells[j].Backend {
			return order[cells[i].Backend] < order[cells[j].Backend]
		}
		return cells[i].Idle < cells[j].Idle
	})
}
