package report

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	hdr "github.com/HdrHistogram/hdrhistogram-go"

	"github.com/muxbench/muxbench/internal/analysis"
	"github.com/muxbench/muxbench/internal/analysis/analysistest"
	"github.com/muxbench/muxbench/internal/results"
)

func TestStatTextMarksFewTailSamples(t *testing.T) {
	tests := []struct {
		name string
		s    analysis.Stat
		want string
	}{
		{"few beyond", analysis.Stat{N: 3, Median: 412, Min: 398, Max: 430, Pool: &analysis.Pool{Count: 5600, Beyond: 56}}, "412 (398–430) [56 beyond]"},
		{"enough beyond", analysis.Stat{N: 3, Median: 412, Min: 398, Max: 430, Pool: &analysis.Pool{Count: 30000, Beyond: 300}}, "412 (398–430)"},
		{"not pooled", analysis.Stat{N: 1, Median: 412, Min: 412, Max: 412}, "412"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := StatText(tc.s); got != tc.want {
				t.Errorf("StatText = %q, want %q", got, tc.want)
			}
		})
	}
}

// withHistograms gives every valid trial of run a histogram of n values
// at 20 µs with one at 200 µs.
func withHistograms(t *testing.T, run *results.Run, n int) {
	t.Helper()
	h := hdr.New(1, 60e9, 3)
	for i := range n {
		v := int64(20_000)
		if i == 0 {
			v = 200_000
		}
		h.RecordValue(v)
	}
	b, err := h.Encode(hdr.V2CompressedEncodingCookieBase)
	if err != nil {
		t.Fatal(err)
	}
	for i := range run.Cells {
		for j := range run.Cells[i].Trials {
			run.Cells[i].Trials[j].Histograms = &results.Histograms{Latency: string(b)}
		}
	}
}

// TestReportFromEmbeddedHistograms (#17): a run re-renders from run.json
// alone (no hlog files exist here): the tables' percentiles are pooled
// from the embedded histograms, marked when few samples lie beyond, and a
// .hgrm distribution is written per cell.
func TestReportFromEmbeddedHistograms(t *testing.T) {
	run := analysistest.Run()
	withHistograms(t, run, 50)
	dir, md := renderSummary(t, run)
	if !strings.Contains(md, "µs†") || !strings.Contains(md, "† rests on fewer than 100 pooled samples") {
		t.Errorf("summary.md's narrow tables do not mark the pooled p99 resting on few samples")
	}
	wide, err := os.ReadFile(filepath.Join(dir, WideTables))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(wide), "[3 beyond]") {
		t.Errorf("%s does not count the 3 samples (one per trial) the pooled p99 rests on", WideTables)
	}
	k := run.Cells[0].CellKey
	hgrm, err := os.ReadFile(filepath.Join(dir, "hlog", k.FileName()+".hgrm"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(hgrm), "Total count    =          150") {
		t.Errorf(".hgrm of %s does not pool the 3 valid trials' 150 values:\n%s", k, hgrm)
	}
}

// renderSummary writes run's report into a fresh directory and returns it
// with summary.md's text.
func renderSummary(t *testing.T, run *results.Run) (dir, summary string) {
	t.Helper()
	dir = t.TempDir()
	if err := Write(dir, run, nil); err != nil {
		t.Fatal(err)
	}
	md, err := os.ReadFile(filepath.Join(dir, "summary.md"))
	if err != nil {
		t.Fatal(err)
	}
	return dir, string(md)
}
