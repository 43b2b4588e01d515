package report

import (
	"bytes"
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
		name string
		run  func() *results.Run
		vsC  string
	}{
		{name: "c_epoll built", run: realisticRun, vsC: "c_epoll not run at this idle count"},
		{name: "no C compiler", run: withoutCFloor, vsC: "c_epoll not built"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			var term bytes.Buffer
			if err := Write(dir, tc.run(), &term); err != nil {
				t.Fatal(err)
			}
			readme := filepath.Join(dir, "published", "README.md")
			if err := os.Mkdir(filepath.Dir(readme), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := Publish(readme, dir, tc.run(), ""); err != nil {
				t.Fatal(err)
			}
			for name, text := range map[string]string{"terminal": term.String(), "summary.md": readFile(t, dir, "summary.md"), "README.md": readFile(t, filepath.Dir(readme), "README.md")} {
				if w, line := tableWidth(text); w > table.Columns {
					t.Errorf("%s: a table line is %d characters wide, want ≤ %d:\n%s", name, w, table.Columns, line)
				}
				if !strings.Contains(text, tc.vsC) {
					t.Errorf("%s lacks the vs C note %q", name, tc.vsC)
				}
			}
			checkWide(t, readFile(t, filepath.Dir(readme), WideTables))
		})
	}
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
