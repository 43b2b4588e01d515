package analysis

import (
	"testing"

	"github.com/muxbench/muxbench/internal/analysis/analysistest"
)

func TestSummarizeIgnoresFlaggedTrials(t *testing.T) {
	tests := []struct {
		name             string
		backend          string
		idle             int
		metric           string
		median, min, max float64
	}{
		{name: "poll p99 at 1000", backend: "poll", idle: 1000, metric: "p99_us", median: 40, min: 36, max: 48},
		{name: "epoll_et cpu at 0", backend: "epoll_et", idle: 0, metric: "cpu_us_per_req", median: 6, min: 5.4, max: 7.2},
		{name: "fds scanned counted per request", backend: "poll", idle: 100, metric: "fds_scanned_per_req", median: 102, min: 102, max: 102},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := Summarize(analysistest.Cell(tc.backend, tc.idle, 1))
			if s.Valid != 3 || s.Trials != 4 || len(s.Flagged) != 1 {
				t.Fatalf("valid %d/%d, flagged %d; want 3/4, 1", s.Valid, s.Trials, len(s.Flagged))
			}
			st := s.Stat(tc.metric)
			if !near(st.Median, tc.median) || !near(st.Min, tc.min) || !near(st.Max, tc.max) || st.N != 3 {
				t.Errorf("%s = %+v, want median %g min %g max %g over 3", tc.metric, st, tc.median, tc.min, tc.max)
			}
		})
	}
}

func near(a, b float64) bool { return a-b < 1e-9 && b-a < 1e-9 }

func TestMedian(t *testing.T) {
	tests := []struct {
		in   []float64
		want float64
	}{{[]float64{1}, 1}, {[]float64{1, 5, 9}, 5}, {[]float64{1, 2, 4, 10}, 3}}
	for _, tc := range tests {
		if got := Median(tc.in); got != tc.want {
			t.Errorf("Median(%v) = %g, want %g", tc.in, got, tc.want)
		}
	}
}

// TestLoadgenBoundKeepsTheServersCost (#13): a trial flagged only
// loadgen-bound (the generator set the pace) still gives the server's
// cost per request, not its rate or latency; with another flag beside it,
// nothing. Before, every 16-active closed-loop trial that saturated the
// generator left the cell with no figure at all (68 of 102 in a published
// crossover search).
func TestLoadgenBoundKeepsTheServersCost(t *testing.T) {
	c := analysistest.Cell("epoll_et", 0, 16)
	c.Trials = c.Trials[:3]
	for i := range c.Trials {
		c.Trials[i].Flags = []string{"loadgen-bound"}
	}
	worse := analysistest.Trial(4, "epoll_et", 0, 16, 1e6, 1e6)
	worse.Flags = []string{"loadgen-bound", "cpu-contended"}
	c.Trials = append(c.Trials, worse)
	cs := Summarize(c)
	for _, name := range []string{"cpu_us_per_req", "syscalls_per_req", "fds_scanned_per_req"} {
		if s := cs.Stat(name); s.N != 3 {
			t.Errorf("%s over %d trials (%s), want the 3 loadgen-bound ones", name, s.N, s.NA)
		}
	}
	for _, name := range []string{"req_per_sec", "p99_us"} {
		if s := cs.Stat(name); s.OK() {
			t.Errorf("%s = %v from loadgen-bound trials, want n/a", name, s.Median)
		}
	}
	if cs.Valid != 0 || cs.Bound != 3 || len(cs.Flagged) != 4 {
		t.Errorf("valid %d, bound %d, flagged %d; want 0, 3, 4", cs.Valid, cs.Bound, len(cs.Flagged))
	}
}

// TestAllFlaggedNamesTheFlagsOfItsKind: a figure read from the counted
// trials that are all flagged gives the flags of those trials only, not
// of the timed ones beside them (the published table said "all 1 counted
// trials flagged (generator-late; generator-late, machine-slow)"), and
// the other way round.
func TestAllFlaggedNamesTheFlagsOfItsKind(t *testing.T) {
	c := analysistest.Cell("epoll_et", 0, 1)
	c.Trials = c.Trials[:3]
	c.Trials[0].Counted, c.Trials[0].Flags = true, []string{"generator-late"}
	c.Trials[1].Flags = []string{"generator-late", "machine-slow"}
	c.Trials[2].Flags = []string{"machine-slow"}
	cs := Summarize(c)
	for metric, want := range map[string]string{
		"syscalls_per_req": "all 1 counted trials flagged (generator-late)",
		"p99_us":           "all 2 timed trials flagged (generator-late, machine-slow; machine-slow)",
	} {
		if got := cs.Stat(metric).NA; got != want {
			t.Errorf("%s: n/a %q, want %q", metric, got, want)
		}
	}
}
