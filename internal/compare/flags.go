package compare

import (
	"fmt"
	"io"
	"sort"

	"github.com/muxbench/muxbench/internal/results"
)

// FlagCount is how many trials one validity flag left out of each run's
// figures: a metric compared as n/a, or on fewer trials, is often
// explained here (machine-slow on a noisy machine, server-saturated at a
// rate a backend cannot sustain).
type FlagCount struct {
	Flag     string
	Old, New int
}

// flagCounts counts every flag of both runs' trials, by name.
func flagCounts(old, cur *results.Run) []FlagCount {
	byFlag := map[string]*FlagCount{}
	count := func(run *results.Run, side func(*FlagCount) *int) {
		for _, c := range run.Cells {
			for _, t := range c.Trials {
				for _, f := range t.Flags {
					if byFlag[f] == nil {
						byFlag[f] = &FlagCount{Flag: f}
					}
					*side(byFlag[f])++
				}
			}
		}
	}
	count(old, func(fc *FlagCount) *int { return &fc.Old })
	count(cur, func(fc *FlagCount) *int { return &fc.New })
	out := make([]FlagCount, 0, len(byFlag))
	for _, fc := range byFlag {
		out = append(out, *fc)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Flag < out[j].Flag })
	return out
}

// writeFlags lists the flagged trials of both runs, flag by flag.
func writeFlags(w io.Writer, res Result) {
	if len(res.Flags) == 0 {
		return
	}
	fmt.Fprintf(w, "\nFlagged trials (left out of the figures above), old → new:\n\n")
	for _, fc := range res.Flags {
		fmt.Fprintf(w, "- %s: %d → %d\n", fc.Flag, fc.Old, fc.New)
	}
}
