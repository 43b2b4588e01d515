package report

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/muxbench/muxbench/internal/analysis"
	"github.com/muxbench/muxbench/internal/analysis/analysistest"
	"github.com/muxbench/muxbench/internal/results"
	"github.com/muxbench/muxbench/internal/version"
)

// fixtureGroups are the groups of a run as the report forms them.
func fixtureGroups(run *results.Run) (*rendered, []analysis.Group) {
	r := render(run)
	return r, r.groups
}

// drawSheet lays s out on an image canvas and returns what it drew.
func drawSheet(s sheet) drawnSheet {
	return s.draw(draw.New(vgimg.New(s.width, s.height)))
}

// TestNAMarksOutsideTheData: a backend without a figure at an idle count
// gets a mark in the strip under the panel's x axis, never a point at a
// height inside a data area (select at 5,000 once looked like a measured
// p99), and the legend column says why.
func TestNAMarksOutsideTheData(t *testing.T) {
	tests := []struct {
		name   string
		active int
		marks  int // select n/a at 1k and 5k on 4 panels, netpoll syscalls at 4 idles
		notes  []string
	}{
		{name: "1 active", active: 1, marks: 2*4 + 4, notes: []string{"select: n/a from 1k: select cannot watch fds >= FD_SETSIZE", "netpoll syscalls/req: n/a at every idle count: perf refused"}},
		{name: "16 active", active: 16, marks: 2*4 + 4, notes: []string{"select: n/a from 1k", "netpoll syscalls/req: n/a"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, groups := fixtureGroups(analysistest.Run())
			g := groupWith(t, groups, "closed", tc.active)
			s, err := groupSheet(r.run, g, r.backends, r.overlayOf(g))
			if err != nil {
				t.Fatal(err)
			}
			d := drawSheet(s)
			if len(d.marks) != tc.marks || len(d.data) != 4 {
				t.Fatalf("%d marks on %d panels, want %d on 4", len(d.marks), len(d.data), tc.marks)
			}
			for _, m := range d.marks {
				for _, rect := range d.data {
					if inside(m, rect) {
						t.Errorf("n/a mark at %v inside the data area %v", m, rect)
					}
				}
			}
			for _, want := range tc.notes {
				if !strings.Contains(strings.Join(s.notes, "\n"), want) {
					t.Errorf("notes lack %q:\n%s", want, strings.Join(s.notes, "\n"))
				}
			}
		})
	}
}

func inside(p vg.Point, r vg.Rectangle) bool {
	return p.X >= r.Min.X && p.X <= r.Max.X && p.Y >= r.Min.Y && p.Y <= r.Max.Y
}

func groupWith(t *testing.T, groups []analysis.Group, mode string, active int) analysis.Group {
	t.Helper()
	for _, g := range groups {
		if g.Mode == mode && g.Active == active {
			return g
		}
	}
	t.Fatalf("no %s group with %d active", mode, active)
	return analysis.Group{}
}

// TestCaption: every figure says which run, host, date and build it
// shows, down to a run recorded before builds were.
func TestCaption(t *testing.T) {
	tests := []struct {
		name string
		tool *version.Info
		want string
	}{
		{name: "before schema 2", tool: nil, want: "build not recorded"},
		{name: "no commit", tool: &version.Info{Version: "(devel)"}, want: "no VCS commit stamped, version (devel)"},
		{name: "clean", tool: &version.Info{Commit: "0123456789abcdef"}, want: "commit 0123456789ab"},
		{name: "dirty", tool: &version.Info{Commit: "0123456789abcdef", Dirty: true}, want: "commit 0123456789ab (dirty)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			run := analysistest.Run()
			run.Tool, run.Capacity = tc.tool, capacityFixture()
			dir := t.TempDir()
			if err := Write(dir, run, nil); err != nil {
				t.Fatal(err)
			}
			for _, fig := range []string{"echo-closed-active1.svg", "capacity.svg"} {
				svg, err := os.ReadFile(filepath.Join(dir, "plots", fig))
				if err != nil {
					t.Fatal(err)
				}
				for _, want := range []string{"run fixture", "host testhost", "2025-01-02 03:04 UTC", tc.want} {
					if !strings.Contains(runCaption(run), want) || !strings.Contains(string(svg), want) {
						t.Errorf("caption %q (or %s) lacks %q", runCaption(run), fig, want)
					}
				}
			}
		})
	}
}

// TestOpenLoopPanel: an open-loop figure shows the capacity curve over
// its connection count where it throughput would be a flat line at the
// offered rate, the p50 when the run has no such curve; a closed-loop one
// keeps its throughput.
func TestOpenLoopPanel(t *testing.T) {
	tests := []struct {
		name     string
		mode     string
		capacity *results.Capacity
		active   int
		want     string
	}{
		{name: "closed", mode: "closed", capacity: capacityFixture(), active: 1, want: "req_per_sec"},
		{name: "open with a curve", mode: "open", capacity: capacityFixture(), active: 1, want: capacityMetric},
		{name: "open, curve over other connections", mode: "open", capacity: capacityFixture(), active: 16, want: "p50_us"},
		{name: "open without a curve", mode: "open", active: 1, want: "p50_us"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			run := openFixture(tc.mode)
			run.Capacity = tc.capacity
			r, groups := fixtureGroups(run)
			g := groupWith(t, groups, tc.mode, tc.active)
			s, err := groupSheet(r.run, g, r.backends, r.overlayOf(g))
			if err != nil {
				t.Fatal(err)
			}
			if got := s.panels[1][1].metric; got != tc.want {
				t.Errorf("fourth panel shows %s, want %s", got, tc.want)
			}
			if d := drawSheet(s); len(d.data) != 4 {
				t.Errorf("%d panels drawn, want 4", len(d.data))
			}
		})
	}
}

// openFixture is the fixture run with its cells in mode at 2,000 req/s
// when open.
func openFixture(mode string) *results.Run {
	run := analysistest.Run()
	run.Config.Modes = []string{mode}
	for i := range run.Cells {
		run.Cells[i].Mode = mode
		if mode == "open" {
			run.Cells[i].Rate = 2000
		}
	}
	return run
}

// TestCapacityPanelMarks: on the capacity panel a point that was not
// searched or met no rate is a strip mark with its reason, not a point.
func TestCapacityPanelMarks(t *testing.T) {
	run := openFixture("open")
	run.Capacity = capacityFixture()
	r, groups := fixtureGroups(run)
	g := groupWith(t, groups, "open", 1)
	ax := newIdleAxis(g.Idles())
	pp, notes, err := capacityPanel(run.Capacity, g.Rate)(g, ax, r.backends, overlay{})
	if err != nil {
		t.Fatal(err)
	}
	marks := map[string][]float64{}
	for _, row := range pp.strip.rows {
		marks[row.label] = row.xs
	}
	want := map[string][]float64{"select": {ax.X(5000)}, "epoll_lt": {ax.X(0)}}
	if len(marks) != len(want) || len(marks["select"]) != 1 || marks["select"][0] != want["select"][0] || marks["epoll_lt"][0] != want["epoll_lt"][0] {
		t.Errorf("strip marks %v, want %v", marks, want)
	}
	text := strings.Join(mergeNotes(notes, 4), "\n")
	for _, w := range []string{"select capacity: n/a at 5k: select cannot watch", "epoll_lt capacity at 0: below 250 req/s", "the 2,000 req/s offered"} {
		if !strings.Contains(text, w) {
			t.Errorf("capacity notes lack %q:\n%s", w, text)
		}
	}
}

// TestBarsNeverNegative: a pooled p99 outside its trials' min–max (500
// samples a trial pool to 20 µs while each trial states its own) gives a
// one-sided bar, not one below zero, which panicked the log axis.
func TestBarsNeverNegative(t *testing.T) {
	run := analysistest.Run()
	withHistograms(t, run, 500)
	r, groups := fixtureGroups(run)
	for _, g := range groups {
		ax := newIdleAxis(g.Idles())
		for _, b := range r.backends {
			for _, metric := range []string{p99Metric, "p50_us"} {
				s := seriesOf(g, b, metric, ax, true)
				for i := range s.pts {
					if s.lo[i] < 0 || s.hi[i] < 0 || s.pts[i].Y-s.lo[i] <= 0 {
						t.Errorf("%s %s at x=%v: bar %v−%v around %v", b, metric, s.pts[i].X, s.lo[i], s.hi[i], s.pts[i].Y)
					}
				}
			}
		}
		if _, err := groupSheet(r.run, g, r.backends, r.overlayOf(g)); err != nil {
			t.Fatal(err)
		}
	}
}

// TestLinesBreakAtNA: a backend's line stops before a cell without a
// figure and starts again after it, so it never runs through an n/a.
func TestLinesBreakAtNA(t *testing.T) {
	tests := []struct {
		name    string
		naAt    []int // poll idle counts whose syscalls are n/a
		lengths []int // points per line segment
	}{
		{name: "no gap", lengths: []int{4}},
		{name: "gap inside", naAt: []int{1000}, lengths: []int{2, 1}},
		{name: "gap first", naAt: []int{0}, lengths: []int{3}},
		{name: "two gaps", naAt: []int{100, 1000}, lengths: []int{1, 1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			run := analysistest.Run()
			for i, c := range run.Cells {
				if c.Backend == "poll" && slices.Contains(tc.naAt, c.Idle) {
					for j := range c.Trials {
						run.Cells[i].Trials[j].Metrics.SyscallsPerReq, run.Cells[i].Trials[j].Metrics.SyscallsNA = nil, "perf refused"
					}
				}
			}
			_, groups := fixtureGroups(run)
			g := groupWith(t, groups, "closed", 1)
			var got []int
			for _, seg := range seriesOf(g, "poll", "syscalls_per_req", newIdleAxis(g.Idles()), true).segments() {
				got = append(got, len(seg))
			}
			if !slices.Equal(got, tc.lengths) {
				t.Errorf("segments of %v points, want %v", got, tc.lengths)
			}
		})
	}
}
