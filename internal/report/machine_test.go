package report

import (
	"strings"
	"testing"

	"github.com/muxbench/muxbench/internal/analysis/analysistest"
	"github.com/muxbench/muxbench/internal/version"
)

// TestMachineTableNamesTheBuild: summary.md and the published README say
// which build recorded the run, and that an old run.json did not record it.
func TestMachineTableNamesTheBuild(t *testing.T) {
	tests := []struct {
		name string
		tool *version.Info
		want string
	}{
		{name: "stamped", tool: &version.Info{Version: "v0.0.0-20261201203300-0123456789ab+dirty", Commit: "0123456789abcdef", Dirty: true},
			want: "| muxbench build | commit 0123456789ab (dirty: uncommitted changes), version v0.0.0-20261201203300-0123456789ab+dirty |"},
		{name: "schema 1", want: "| muxbench build | not recorded (run.json before schema 2) |"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			run := analysistest.Run()
			run.Tool = tc.tool
			var b strings.Builder
			writeMachine(&b, run)
			if !strings.Contains(b.String(), tc.want+"\n") {
				t.Errorf("machine table lacks %q:\n%s", tc.want, b.String())
			}
		})
	}
}
