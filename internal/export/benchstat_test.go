package export

import (
	"bytes"
	"strings"
	"testing"

	"golang.org/x/perf/benchfmt"

	"github.com/muxbench/muxbench/internal/analysis"
	"github.com/muxbench/muxbench/internal/results"
)

// read parses Go benchmark lines as benchstat does, failing on a syntax
// error, and returns the results and the unit metadata.
func read(t *testing.T, text string) ([]*benchfmt.Result, benchfmt.UnitMetadataMap) {
	t.Helper()
	r := benchfmt.NewReader(strings.NewReader(text), "run.txt")
	var out []*benchfmt.Result
	for r.Scan() {
		switch rec := r.Result().(type) {
		case *benchfmt.SyntaxError:
			t.Fatalf("benchfmt cannot read the output: %v", rec)
		case *benchfmt.Result:
			out = append(out, rec.Clone())
		}
	}
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	return out, r.Units()
}

// TestBenchstatLines: one line per valid trial (the counted one too), the
// flagged trial left out, names of key=value parts, the machine and the
// build as configuration, units benchstat normalises, their metadata.
func TestBenchstatLines(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteBenchstat(&buf, fixture("0123456789abcdef", 1), Options{}); err != nil {
		t.Fatal(err)
	}
	res, units := read(t, buf.String())
	if want := 4 * (len(spread) + 1); len(res) != want || strings.Contains(buf.String(), "1e+12") {
		t.Fatalf("%d results, want %d, none from the flagged trial:\n%s", len(res), want, buf.String())
	}
	first := res[0]
	if got := string(first.Name); got != "Echo/backend=poll/idle=0/active=1/mode=closed/msg=64" {
		t.Errorf("name %q", got)
	}
	for key, want := range map[string]string{"goos": "linux", "goarch": "amd64", "cpu": "Test CPU @ 2.50GHz",
		"kernel": "Linux 6.18.0 #1 SMP", "go": "go1.26.8", "commit": "0123456789abcdef", "pkg": "github.com/muxbench/muxbench"} {
		if got := first.GetConfig(key); got != want {
			t.Errorf("config %s: %q, want %q", key, got, want)
		}
	}
	if v, ok := value(first, "p99-latency-sec"); !ok || v != 19e-6 || first.Iters != 1000 {
		t.Errorf("p99 %v (%v), iters %d: want 19µs in seconds, the window's 1,000 requests", v, ok, first.Iters)
	}
	if units.GetBetter("p99-latency-ns") != -1 || units.GetBetter("req/s") != 1 || units.GetAssumption("errors").SummaryLabel() != "exact" {
		t.Errorf("unit metadata: p99 better %d, req/s better %d", units.GetBetter("p99-latency-ns"), units.GetBetter("req/s"))
	}
}

func value(r *benchfmt.Result, unit string) (float64, bool) {
	for _, v := range r.Values {
		if v.Unit == unit {
			return v.Value, true
		}
	}
	return 0, false
}

// TestEveryMetricHasAUnit: a metric added to the catalogue needs its
// benchstat unit here.
func TestEveryMetricHasAUnit(t *testing.T) {
	for _, m := range analysis.Metrics {
		if _, ok := units[m.Name]; !ok {
			t.Errorf("metric %s has no benchstat unit in units.go", m.Name)
		}
	}
}

func TestName(t *testing.T) {
	tests := []struct {
		key  results.CellKey
		want string
	}{
		{key: results.CellKey{Scenario: "echo", Backend: "epoll_et", Idle: 1000, Active: 16, Mode: "open", Rate: 20000, MsgSize: 64, Handler: "echo"},
			want: "Echo/backend=epoll_et/idle=1000/active=16/mode=open/rate=20000/msg=64"},
		{key: results.CellKey{Scenario: "all-active", Backend: "poll", Active: 100, Mode: "closed", MsgSize: 64, Handler: "echo"},
			want: "AllActive/backend=poll/idle=0/active=100/mode=closed/msg=64/handler=echo"},
		{key: results.CellKey{Scenario: "bulk", Backend: "select", Active: 4, Mode: "closed", MsgSize: 1 << 20, Handler: "rpc"},
			want: "Bulk/backend=select/idle=0/active=4/mode=closed/msg=1048576/handler=rpc"},
	}
	for _, tc := range tests {
		if got := string(Name(tc.key)); got != tc.want {
			t.Errorf("Name(%v) = %q, want %q", tc.key, got, tc.want)
		}
	}
}

// TestDiffering: what benchstat must ignore to put two runs in one table.
func TestDiffering(t *testing.T) {
	a, b := fixture("aaaa", 1), fixture("bbbb", 1)
	b.Machine.CPUModel = "Other CPU"
	if got := strings.Join(Differing(a, b), ","); got != "cpu,commit" {
		t.Errorf("Differing = %q, want cpu,commit", got)
	}
	old := fixture("", 1)
	old.Tool = nil
	if got := strings.Join(Differing(old, a), ","); got != "goarch,commit" {
		t.Errorf("Differing(schema 1, current) = %q, want goarch,commit", got)
	}
}

// TestBenchstatBoundTrialGivesTheServersCost: a trial flagged only
// loadgen-bound is a line with the server cost figures the tables read
// from it (CPU/req), and none of the rest (p99, req/s); a trial with
// another flag beside it gives no line.
func TestBenchstatBoundTrialGivesTheServersCost(t *testing.T) {
	c := fixtureCell("epoll_et", 0, 20)
	bound := fixtureTrial(1, 20, 1000)
	bound.Flags = []string{results.FlagLoadgenBound}
	worse := fixtureTrial(2, 20, 1000)
	worse.Flags = []string{results.FlagLoadgenBound, "cpu-contended"}
	c.Trials = []results.Trial{bound, worse}
	run := fixture("0123456789abcdef", 1)
	run.Cells = []results.Cell{c}
	var buf bytes.Buffer
	if err := WriteBenchstat(&buf, run, Options{}); err != nil {
		t.Fatal(err)
	}
	res, _ := read(t, buf.String())
	if len(res) != 1 {
		t.Fatalf("%d lines, want the loadgen-bound trial's alone:\n%s", len(res), buf.String())
	}
	_, cpu := value(res[0], "cpu-sec/req")
	_, p99 := value(res[0], "p99-latency-sec")
	_, rps := value(res[0], "req/s")
	if !cpu || p99 || rps {
		t.Errorf("CPU/req %v, p99 %v, req/s %v: want CPU/req alone\n%s", cpu, p99, rps, buf.String())
	}
}
