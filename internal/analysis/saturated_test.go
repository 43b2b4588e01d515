package analysis

import (
	"strings"
	"testing"

	"github.com/muxbench/muxbench/internal/analysis/analysistest"
)

// TestSaturatedCellReachesNoRatio (#13): a rival whose trials at the
// largest idle count were all server-saturated (its CPU per request is
// the window over the offered rate) gives no figure there, so no
// comparison or search reads a ratio from it, and the figure says why.
func TestSaturatedCellReachesNoRatio(t *testing.T) {
	run := analysistest.Run()
	largest := analysistest.Idles[len(analysistest.Idles)-1]
	seen := 0
	for i := range run.Cells {
		c := &run.Cells[i]
		if c.Backend != "poll" || c.Idle != largest {
			continue
		}
		for j := range c.Trials {
			c.Trials[j].Flags = append(c.Trials[j].Flags, "server-saturated")
		}
		seen++
		for _, m := range []string{"cpu_us_per_req", "p99_us"} {
			if st := Summarize(*c).Stat(m); st.OK() || !strings.Contains(st.NA, "server-saturated") {
				t.Errorf("%s %s: %d values (%q); want none, saturated", c.CellKey, m, st.N, st.NA)
			}
		}
	}
	if seen == 0 {
		t.Fatal("no poll cell at the largest idle count in the fixture")
	}
}
