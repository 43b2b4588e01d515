package benchrun

import (
	"fmt"
	"slices"
	"strings"

	"github.com/muxbench/muxbench/internal/results"
)

// failureFlags mark a trial that did not measure the cell: the server died
// or answered wrongly, or the harness failed. The other gates (idle-short,
// rate-short, loadgen-bound, errors, ...) judge a measurement's quality.
var failureFlags = []string{"error", "server-exited", "verify-errors"}

// FailedTrials names the trials that failed. bench run goes on past them
// and writes every result, then exits 1 so that make and CI notice the
// matrix is incomplete; flagged-but-measured trials leave the status 0.
func FailedTrials(run *results.Run) []string {
	var out []string
	for _, c := range run.Cells {
		for _, tr := range c.Trials {
			if slices.ContainsFunc(tr.Flags, func(f string) bool { return slices.Contains(failureFlags, f) }) {
				out = append(out, fmt.Sprintf("%s t%d: %s", c.CellKey, tr.Index, strings.Join(tr.Flags, ",")))
			}
		}
	}
	return out
}
