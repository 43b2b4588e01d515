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
