package report

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/muxbench/muxbench/internal/results"
	"github.com/muxbench/muxbench/internal/table"
)

// tableWidth is the widest table line of a rendering (a line starting
// with "|"): notes and prose below a table wrap as text, rows do not.
func tableWidth(text string) (int, string) {
	most, widest := 0, ""
	for _, line := range strings.Split(text, "\n") {
		if n := table.WidestLine(line); strings.HasPrefix(line, "|") && n > most {
			most, widest = n, line
		}
	}
	return most, widest
}

// TestTablesFitColumns (#17): rendered from the realistic fixture (seven
// backends, long flag lists, n/a reasons), every table of the terminal
// output, of summary.md and of the published README fits table.Columns;
// the wide tables beside them are wider, and hold the new columns.
func TestTablesFitColumns(t *testing.T) {
	tests := []struct {
		name    string
		run     func() *results.Run
		vsC     string
		publish bool // render to files, plots and README included (slow under -race)
	}{
		{name: "c_epoll built", run: realisticRun, vsC: "c_epoll not run at this idle count", publish: true},
		{name: "no C compiler", run: withoutCFloor, vsC: "c_epoll not built"},
		{name: "one trial per cell", run: smokeLike, vsC: "c_epoll not run at this idle count"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			texts := renderTexts(t, tc.run, tc.publish)
			for name, text := range texts {
				if name == WideTables {
					continue
				}
				if w, line := tableWidth(text); w > table.Columns {
					t.Errorf("%s: a table line is %d characters wide, want ≤ %d:\n%s", name, w, table.Columns, line)
				}
				if !strings.Contains(text, tc.vsC) {
					t.Errorf("%s lacks the vs C note %q", name, tc.vsC)
				}
			}
			checkWide(t, texts[WideTables])
		})
	}
}

// renderTexts renders run: the terminal output, summary.md and the wide
// tables, and with publish the published README, by name; without it
// in memory, no plots drawn.
func renderTexts(t *testing.T, run func() *results.Run, publish bool) map[string]string {
	t.Helper()
	var term, summary, wide bytes.Buffer
	r := render(run())
	if err := errors.Join(r.writeTerminal(&term), r.writeSummary(&summary), r.writeWideTables(&wide)); err != nil {
		t.Fatal(err)
	}
	texts := map[string]string{"terminal": term.String(), "summary.md": summary.String(), WideTables: wide.String()}
	if publish {
		dir := t.TempDir()
		readme := filepath.Join(dir, "published", "README.md")
		if err := os.Mkdir(filepath.Dir(readme), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := Publish(readme, dir, run(), ""); err != nil {
			t.Fatal(err)
		}
		texts["README.md"], texts[WideTables] = readFile(t, filepath.Dir(readme), "README.md"), readFile(t, filepath.Dir(readme), WideTables)
	}
	return texts
}

// checkWide: the wide tables keep every column.
func checkWide(t *testing.T, wide string) {
	t.Helper()
	if w, _ := tableWidth(wide); w <= table.Columns {
		t.Errorf("%s is %d wide: no wider than the narrow tables", WideTables, w)
	}
	for _, col := range []string{"vol ctxsw/req", "invol ctxsw/req", "outside loop (%)", "req/s vs C", "loadgen-bound, cpu-contended"} {
		if !strings.Contains(wide, col) {
			t.Errorf("%s lacks %q", WideTables, col)
		}
	}
}

func readFile(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
