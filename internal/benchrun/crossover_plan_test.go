package benchrun

import (
	"math"
	"strings"
	"testing"

	"github.com/muxbench/muxbench/internal/analysis/analysistest"
)

// TestSweepPairKnown: the sweep's points pair the two cells' timed trials
// by index, a flagged trial giving nothing and the counted one left out;
// a cell that cannot run makes its point one where that backend cannot.
func TestSweepPairKnown(t *testing.T) {
	run := analysistest.Run() // select n/a from 1,000 idle; trial 3 of every cell flagged
	counted := analysistest.Trial(9, "poll", 0, 1, 1e6, 1e6)
	counted.Counted = true
	for i := range run.Cells {
		if c := &run.Cells[i]; c.Backend == "poll" && c.Idle == 0 && c.Active == 1 {
			c.Trials = append(c.Trials, counted)
		}
	}
	metrics, err := CrossoverMetrics([]string{"cpu", "p99"})
	if err != nil {
		t.Fatal(err)
	}
	spec := CrossoverSpec{Subject: "epoll_et", Rival: "select", Active: 1, Mode: "closed"}
	known := pairOf(run.Cells, "echo", spec).known(metrics)
	if len(known) != len(analysistest.Idles) {
		t.Fatalf("%d known points, want one per idle count %v", len(known), analysistest.Idles)
	}
	k0 := known[0]
	if k0.N != 0 || len(k0.Subject) != 4 || len(k0.Rival) != 4 || k0.Subject[3] != nil || k0.Rival[0]["cpu_us_per_req"] == 0 {
		t.Errorf("point 0: %d subject and %d rival rounds, flagged round %v", len(k0.Subject), len(k0.Rival), k0.Subject[3])
	}
	if k := known[2]; k.N != 1000 || !strings.Contains(k.NA, "select cannot run at 1000 idle") || len(k.Subject) != 0 {
		t.Errorf("point 1,000: NA %q with %d rounds, want select's n/a", k.NA, len(k.Subject))
	}
	spec.Rival = "poll"
	for _, k := range pairOf(run.Cells, "echo", spec).known(metrics) {
		for _, r := range k.Rival {
			if r != nil && r["cpu_us_per_req"] > 1e5 {
				t.Errorf("point %d: a counted or flagged trial's figure entered a round", k.N)
			}
		}
	}
}

// TestSweepPairModel: the model's N̂* from the fixture's costs (epoll 6,
// poll 5 + 0.01·N µs per request: 10% cheaper from N = 166.7) is where the
// search starts.
func TestSweepPairModel(t *testing.T) {
	metrics, _ := CrossoverMetrics([]string{"cpu", "rate"})
	pair := pairOf(analysistest.Run().Cells, "echo", CrossoverSpec{Subject: "epoll_et", Rival: "poll", Active: 1, Mode: "closed"})
	start, pred, why := pair.model(metrics[0], 0.1, 19800)
	if why != "" || pred == nil || pred.Kind != "crosses" || math.Abs(start-166.7) > 20 {
		t.Errorf("start %.1f (%v, %q), want about 166.7", start, pred, why)
	}
	if start, _, why := pair.model(metrics[1], 0.1, 19800); start != 0 || why == "" {
		t.Errorf("req/s: start %.1f, why %q; want no model for a higher-is-better metric", start, why)
	}
}

func TestCrossoverSpecValidate(t *testing.T) {
	ok := CrossoverSpec{Subject: "epoll_et", Rival: "poll", Active: 1, Mode: "closed", Metrics: DefaultCrossoverMetrics, Budget: 1e9}
	tests := []struct {
		name string
		edit func(*CrossoverSpec)
		want string
	}{
		{name: "ok", edit: func(*CrossoverSpec) {}},
		{name: "itself", edit: func(s *CrossoverSpec) { s.Rival = "epoll_et" }, want: "against itself"},
		{name: "unknown", edit: func(s *CrossoverSpec) { s.Rival = "kqueue" }, want: "unknown backend"},
		{name: "perf metric", edit: func(s *CrossoverSpec) { s.Metrics = []string{"syscalls_per_req"} }, want: "counted by perf"},
		{name: "no budget", edit: func(s *CrossoverSpec) { s.Budget = 0 }, want: "budget"},
	}
	for _, tc := range tests {
		s := ok
		tc.edit(&s)
		err := s.Validate()
		if (tc.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
	o := Options{Profile: Profiles["crossover"], Handler: "echo", Exe: "bench", OutDir: "x"}
	o.Crossovers = []CrossoverSpec{{Subject: "epoll_et", Rival: "select", Active: 1, Mode: "closed", Metrics: []string{"cpu"}, Budget: 1e9}}
	if err := o.Validate(); err == nil || !strings.Contains(err.Error(), "among the run's backends") {
		t.Errorf("a search of a backend the sweep does not run: %v", err)
	}
}
