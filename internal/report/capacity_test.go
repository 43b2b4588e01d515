package report

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/muxbench/muxbench/internal/analysis/analysistest"
	"github.com/muxbench/muxbench/internal/results"
)

// capacityFixture is a curve over the fixture's backends and idle counts:
// epoll flat, poll falling with idle, select n/a at 5,000, netpoll above
// the search's bound, one point that met nothing.
func capacityFixture() *results.Capacity {
	c := &results.Capacity{ObjectiveUs: 1000, Active: 1, Window: 200 * time.Millisecond, Probes: 5, MinRate: 250, MaxRate: 256000}
	for _, b := range []string{"select", "poll", "epoll_lt", "epoll_et", "netpoll"} {
		for _, idle := range analysistest.Idles {
			p := results.CapacityPoint{Backend: b, Idle: idle, Met: 32000, Failed: 45255}
			switch {
			case b == "select" && idle >= 5000:
				p = results.CapacityPoint{Backend: b, Idle: idle, NA: "select cannot watch fds >= FD_SETSIZE (1024)"}
			case b == "poll":
				p.Met, p.Failed = 64000/float64(1+idle/100), 90000/float64(1+idle/100)
			case b == "netpoll":
				p.Failed = 0
			case b == "epoll_et" && idle == 0:
				p.Met, p.Failed, p.GeneratorBound = 64000, 0, 128000
			case b == "epoll_lt" && idle == 0:
				p.Met, p.Failed = 0, 250
			}
			c.Points = append(c.Points, p)
		}
	}
	return c
}

// TestCapacityTable: one row per backend, one column per idle count, at
// most 120 characters wide; bounds and n/a are marked.
func TestCapacityTable(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteCapacity(&buf, capacityFixture(), nil); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{"| poll ", "64,000", "≥ 32,000", "< 250", "n/a", "select: n/a — select cannot watch",
		"≥ 64,000 lg", "epoll_et: ≥ 64,000 — the generator was 95% busy or more at 128,000 req/s"} {
		if !strings.Contains(out, want) {
			t.Errorf("capacity section lacks %q:\n%s", want, out)
		}
	}
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "|") && len([]rune(line)) > 120 {
			t.Errorf("table line of %d columns: %s", len([]rune(line)), line)
		}
	}
}

// TestCapacityInTheReport: a run with a capacity curve gets its figure and
// section in summary.md; one without gets neither.
func TestCapacityInTheReport(t *testing.T) {
	for _, with := range []bool{true, false} {
		run := analysistest.Run()
		if with {
			run.Capacity = capacityFixture()
		}
		dir, md := renderSummary(t, run)
		_, plotErr := os.Stat(filepath.Join(dir, "plots", "capacity.svg"))
		if got := strings.Contains(md, "## Capacity"); got != with || (plotErr == nil) != with {
			t.Errorf("capacity %v: section %v, plot %v", with, got, plotErr)
		}
	}
}
