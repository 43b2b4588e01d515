package compare

import (
	"bytes"
	"strings"
	"testing"
)

// TestCompareListsFlaggedTrials (#13): the new trust flags reach bench
// compare's output, counted per run, so a metric gone n/a is explained.
func TestCompareListsFlaggedTrials(t *testing.T) {
	old, cur := testRun(), testRun()
	cur.Cells[0].Trials[0].Flags = []string{"machine-slow", "window-skew"}
	cur.Cells[1].Trials[0].Flags = []string{"machine-slow"}
	res := Compare(old, cur, DefaultOptions())
	var buf bytes.Buffer
	WriteMarkdown(&buf, res)
	for _, want := range []string{"- machine-slow: 0 → 2", "- window-skew: 0 → 1", "- verify-errors: 4 → 4"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("compare output lacks %q:\n%s", want, buf.String())
		}
	}
}
