package compare

import (
	"bytes"
	"strings"
	"testing"

	"github.com/muxbench/muxbench/internal/results"
	"github.com/muxbench/muxbench/internal/table"
)

// longKeys gives run's cells the longest keys a run holds: a crossover
// probe's rival, open loop at a rate, 256 active, idle up to 20,800.
func longKeys(run *results.Run) *results.Run {
	for i := range run.Cells {
		k := &run.Cells[i].CellKey
		k.Scenario, k.Mode, k.Rate, k.Active, k.Idle, k.Rival = "crossover", "open", 2000, 256, 19800+k.Idle, "epoll_lt"
	}
	return run
}

// TestMarkdownFitsColumns (#17): bench compare's tables keep within
// table.Columns even for the longest cell keys, an n/a side and an
// undecided verdict, whose words go below the table.
func TestMarkdownFitsColumns(t *testing.T) {
	tests := []struct {
		name string
		n    int
		want string
	}{
		{name: "decided", n: 6, want: "crossover, open, active 256 at 2000 req/s"},
		{name: "undecided", n: 3, want: "not enough trials to decide"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			old, cur := longKeys(fixture(tc.n)), longKeys(fixture(tc.n))
			cur.Cells[0].Trials, cur.Cells[0].NA = nil, "select cannot watch fds >= FD_SETSIZE (1024): select(2) watches fds below FD_SETSIZE=1024 only"
			var buf bytes.Buffer
			WriteMarkdown(&buf, Compare(old, cur, DefaultOptions()))
			for _, line := range strings.Split(buf.String(), "\n") {
				if strings.HasPrefix(line, "|") && table.WidestLine(line) > table.Columns {
					t.Errorf("table line %d wide:\n%s", table.WidestLine(line), line)
				}
			}
			if !strings.Contains(buf.String(), tc.want) {
				t.Errorf("output lacks %q:\n%s", tc.want, buf.String())
			}
		})
	}
}
