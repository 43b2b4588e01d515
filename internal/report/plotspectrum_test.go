package report

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	hdr "github.com/HdrHistogram/hdrhistogram-go"

	"github.com/muxbench/muxbench/internal/analysis/analysistest"
	"github.com/muxbench/muxbench/internal/results"
)

// latencies is a histogram (ns) of n values spread evenly over
// [base, 10·base).
func latencies(t *testing.T, n int, base int64) *hdr.Histogram {
	t.Helper()
	h := hdr.New(1, 60e9, 3)
	for i := range n {
		if err := h.RecordValue(base + 9*base*int64(i)/int64(n)); err != nil {
			t.Fatal(err)
		}
	}
	return h
}

// TestSpectrumSeries: x runs from 1 (0%) up a log grid, increasing, and
// stops where fewer than one sample lies beyond; latency never falls.
func TestSpectrumSeries(t *testing.T) {
	tests := []struct {
		samples int
		points  int // 10 a decade, up to the sample count or 99.999%
	}{
		{samples: 1, points: 1},
		{samples: 10, points: 11},
		{samples: 1000, points: 31},
		{samples: 200000, points: 51},
	}
	for _, tc := range tests {
		pts := spectrumSeries(latencies(t, tc.samples, 50_000))
		if len(pts) != tc.points || pts[0].X != 1 {
			t.Errorf("%d samples: %d points from x=%v, want %d from 1", tc.samples, len(pts), pts[0].X, tc.points)
		}
		for i := 1; i < len(pts); i++ {
			if pts[i].X <= pts[i-1].X || pts[i].Y < pts[i-1].Y || pts[i].X > float64(tc.samples) {
				t.Errorf("%d samples: point %d %v after %v", tc.samples, i, pts[i], pts[i-1])
			}
		}
	}
}

// spectrumRun is the fixture with a latency histogram in every trial
// but netpoll's, as schema 3 embeds them.
func spectrumRun(t *testing.T) *results.Run {
	run := analysistest.Run()
	withHistograms(t, run, 500)
	for i, c := range run.Cells {
		for j := range c.Trials {
			if c.Backend == "netpoll" {
				run.Cells[i].Trials[j].Histograms = nil
			}
		}
	}
	return run
}

// TestSpectrumFigure: a panel per idle count, a line per backend with a
// pooled histogram there, the others named under the axis; the caption
// is the run's; no figure for a run without histograms.
func TestSpectrumFigure(t *testing.T) {
	tests := []struct {
		name   string
		run    *results.Run
		panels int
		// lines at idle 0 and 5,000: select cannot run at 5,000, netpoll
		// kept no histogram.
		at0, at5k []string
	}{
		{name: "schema 3", run: spectrumRun(t), panels: 4,
			at0: []string{"select", "poll", "epoll_lt", "epoll_et"}, at5k: []string{"poll", "epoll_lt", "epoll_et"}},
		{name: "no histograms", run: analysistest.Run()},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, groups := fixtureGroups(tc.run)
			g := groupWith(t, groups, "closed", 1)
			s, err := spectrumSheet(r.run, g, r.backends)
			if err != nil {
				t.Fatal(err)
			}
			var flat []panelPlot
			for _, row := range s.panels {
				flat = append(flat, row...)
			}
			if len(flat) != tc.panels {
				t.Fatalf("%d panels, want %d", len(flat), tc.panels)
			}
			if linked := spectrumLinked(t, tc.run); linked != (tc.panels > 0) {
				t.Errorf("summary.md links a spectrum: %v, want %v", linked, tc.panels > 0)
			}
			if tc.panels == 0 {
				return
			}
			if !slices.Equal(flat[0].lines, tc.at0) || !slices.Equal(flat[3].lines, tc.at5k) {
				t.Errorf("lines %v and %v, want %v and %v", flat[0].lines, flat[3].lines, tc.at0, tc.at5k)
			}
			if !strings.Contains(flat[3].strip.note, "select, netpoll") || s.caption != runCaption(r.run) {
				t.Errorf("strip note %q, caption %q", flat[3].strip.note, s.caption)
			}
			if d := drawSheet(s); len(d.data) != tc.panels {
				t.Errorf("%d panels drawn, want %d", len(d.data), tc.panels)
			}
		})
	}
}

// spectrumLinked writes run's report and says whether summary.md links
// a spectrum figure that was drawn.
func spectrumLinked(t *testing.T, run *results.Run) bool {
	dir := t.TempDir()
	if err := Write(dir, run, nil); err != nil {
		t.Fatal(err)
	}
	md, err := os.ReadFile(filepath.Join(dir, "summary.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, drawn := os.Stat(filepath.Join(dir, "plots", "echo-closed-active1-spectrum.png"))
	return strings.Contains(string(md), "(plots/echo-closed-active1-spectrum.png)") && drawn == nil
}
