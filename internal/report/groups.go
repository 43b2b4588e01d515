package report

import (
	"fmt"

	"github.com/muxbench/muxbench/internal/analysis"
)

// groupTitle names a group in headings: "echo, closed loop, 16 active".
func groupTitle(g analysis.Group) string {
	return fmt.Sprintf("%s, %s, %s active", g.Scenario, modePhrase(g), Thousands(int64(g.Active)))
}

// modePhrase is "closed loop" or "open loop at R req/s".
func modePhrase(g analysis.Group) string {
	if g.Mode == "open" {
		return fmt.Sprintf("open loop at %s req/s", FormatNumber(g.Rate))
	}
	return g.Mode + " loop"
}

// groupSlug is a file-name-safe name for the group's files.
func groupSlug(g analysis.Group) string {
	return fmt.Sprintf("%s-%s-active%d", g.Scenario, g.Mode, g.Active)
}
