package report

import (
	"fmt"

	"github.com/muxbench/muxbench/internal/results"
	"github.com/muxbench/muxbench/internal/version"
)

// runCaption is the line along the bottom of every figure of run, so a
// figure taken out of its report still says where it comes from: the
// run's label, the host, the start (UTC) and the build that measured it.
func runCaption(run *results.Run) string {
	return fmt.Sprintf("run %s · host %s · started %s · %s", run.Label, run.Machine.Hostname,
		run.Started.UTC().Format("2006-01-02 15:04 UTC"), captionBuild(run.Tool))
}

// captionBuild is the build in a few words: the commit (12 digits) and
// "dirty" for a modified tree, or why there is no commit.
func captionBuild(t *version.Info) string {
	switch {
	case t == nil:
		return "build not recorded (run.json before schema 2)"
	case t.Commit == "":
		return "no VCS commit stamped, version " + t.Version
	case t.Dirty:
		return "commit " + t.ShortCommit() + " (dirty)"
	}
	return "commit " + t.ShortCommit()
}
