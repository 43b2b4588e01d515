package compare

import (
	"bytes"
	"strings"
	"testing"

	"github.com/muxbench/muxbench/internal/results"
	"github.com/muxbench/muxbench/internal/server"
)

// testRun is a synthetic fixture, not a measurement: two backends at two
// idle counts, six valid trials each from 0.95× to 1.05× of a base figure
// (enough for the significance test), and one flagged trial with absurd
// figures.
func testRun() *results.Run { return fixture(6) }

// fixture is testRun with n valid trials per cell.
func fixture(n int) *results.Run {
	factors := []float64{0.95, 1, 1.05, 0.97, 1.03, 0.99, 1.01}[:n]
	run := &results.Run{Schema: results.SchemaVersion, Label: "fixture", Config: results.RunConfig{Backends: []string{"poll", "epoll_et"}}}
	for _, b := range []string{"poll", "epoll_et"} {
		for _, idle := range []int{0, 1000} {
			c := results.Cell{CellKey: results.CellKey{Scenario: "echo", Backend: b, Idle: idle, Active: 1, Mode: "closed"}}
			for i, f := range factors {
				c.Trials = append(c.Trials, trial(i+1, 20*f, 3))
			}
			bad := trial(n+1, 1e9, 99)
			bad.Flags = []string{"verify-errors"}
			c.Trials = append(c.Trials, bad)
			run.Cells = append(run.Cells, c)
		}
	}
	return run
}

func trial(i int, p99, syscalls float64) results.Trial {
	s := syscalls
	return results.Trial{Index: i, Metrics: results.Metrics{Requests: 1000, ReqPerSec: 1e6 / p99,
		Latency: results.Latency{P50: p99 / 2, P99: p99}, ServerCPUUsPerReq: p99 / 4, SyscallsPerReq: &s,
		Backend: server.Counters{WaitCalls: 1000, Reads: 1000, Writes: uint64(1000 * (syscalls - 2))}}}
}

// doctor applies f to every valid trial of the named cell.
func doctor(run *results.Run, backend string, idle int, f func(*results.Metrics)) *results.Run {
	for i := range run.Cells {
		c := &run.Cells[i]
		if c.Backend != backend || c.Idle != idle {
			continue
		}
		for j := range c.Trials {
			if c.Trials[j].Valid() {
				f(&c.Trials[j].Metrics)
			}
		}
	}
	return run
}

func TestCompare(t *testing.T) {
	const cell = "echo/poll/idle=1000/active=1/closed"
	tests := []struct {
		name     string
		old, cur *results.Run // old: testRun() when nil
		opt      func(*Options)
		regress  []string // "cell metric" of every expected regression
		say      string   // the Markdown must contain it
	}{
		{name: "itself", cur: testRun()},
		{name: "p99 doubled", cur: doctor(testRun(), "poll", 1000, func(m *results.Metrics) { m.Latency.P99 *= 2 }),
			regress: []string{cell + " p99_us"}},
		{name: "p99 up 5% is noise", cur: doctor(testRun(), "poll", 1000, func(m *results.Metrics) { m.Latency.P99 *= 1.05 })},
		{name: "p99 doubled over 3 trials cannot be decided", old: fixture(3), cur: doctor(fixture(3), "poll", 1000, func(m *results.Metrics) { m.Latency.P99 *= 2 }),
			say: "not enough trials to decide (n=3, need ≥ 4)"},
		{name: "p99 halved is an improvement", cur: doctor(testRun(), "poll", 1000, func(m *results.Metrics) { m.Latency.P99 /= 2 })},
		{name: "perf syscalls +1", cur: doctor(testRun(), "poll", 1000, func(m *results.Metrics) { *m.SyscallsPerReq++ }),
			regress: []string{cell + " syscalls_per_req"}},
		{name: "loop syscalls +1", cur: doctor(testRun(), "poll", 1000, func(m *results.Metrics) { m.Backend.Writes += m.Requests }),
			opt: func(o *Options) { o.DeterministicOnly = true }, regress: []string{cell + " loop_syscalls_per_req"}},
		{name: "wakeups +6% over 1,000-request windows", cur: doctor(testRun(), "poll", 1000, func(m *results.Metrics) { m.Backend.WaitCalls += 60 }),
			opt: func(o *Options) { o.DeterministicOnly = true }, regress: []string{cell + " wakeups_per_req"}},
		{name: "wakeups +4 events in a 60-request window is edge noise", cur: doctor(testRun(), "poll", 1000, func(m *results.Metrics) {
			m.Requests, m.Backend.WaitCalls, m.Backend.Reads, m.Backend.Writes = 60, 64, 60, 60
		}), opt: func(o *Options) { o.DeterministicOnly = true }},
		{name: "deterministic only ignores latency", cur: doctor(testRun(), "poll", 1000, func(m *results.Metrics) { m.Latency.P99 *= 2 }),
			opt: func(o *Options) { o.DeterministicOnly = true }},
		{name: "throughput halved", cur: doctor(testRun(), "epoll_et", 0, func(m *results.Metrics) { m.ReqPerSec /= 2 }),
			regress: []string{"echo/epoll_et/idle=0/active=1/closed req_per_sec"}},
		{name: "cell became n/a", cur: func() *results.Run {
			r := testRun()
			r.Cells[0].Trials, r.Cells[0].NA = nil, "fd limit"
			return r
		}(), regress: []string{"echo/poll/idle=0/active=1/closed cell"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			opt := DefaultOptions()
			if tc.opt != nil {
				tc.opt(&opt)
			}
			old := testRun()
			if tc.old != nil {
				old = tc.old
			}
			res := Compare(old, tc.cur, opt)
			var got []string
			for _, r := range res.Regressions() {
				got = append(got, r.Cell.String()+" "+r.Metric.Name)
			}
			if strings.Join(got, ",") != strings.Join(tc.regress, ",") {
				t.Errorf("regressions %v, want %v", got, tc.regress)
			}
			var buf bytes.Buffer
			WriteMarkdown(&buf, res)
			if !strings.Contains(buf.String(), tc.say) {
				t.Errorf("markdown lacks %q:\n%s", tc.say, buf.String())
			}
			for _, want := range tc.regress {
				if !strings.Contains(buf.String(), strings.Fields(want)[0]+": "+strings.Fields(want)[1]) {
					t.Errorf("markdown does not name %q:\n%s", want, buf.String())
				}
			}
		})
	}
}

func TestDecodeRejects(t *testing.T) {
	dup := testRun()
	dup.Cells = append(dup.Cells, dup.Cells[0])
	dupJSON, _ := dup.Encode()
	tests := []struct {
		name string
		in   string
		want string
	}{
		{name: "garbage", in: "not json", want: "not a muxbench run.json"},
		{name: "wrong schema", in: `{"schema": 99}`, want: "schema 99"},
		{name: "duplicate cell", in: string(dupJSON), want: "appears twice"},
		{name: "cell without backend", in: `{"schema":1,"cells":[{"idle":1}]}`, want: "no backend"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := Decode([]byte(tc.in)); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Decode error %v, want one mentioning %q", err, tc.want)
			}
		})
	}
}

// TestSummary: however many regressions, stderr gets one readable line:
// the count, the metrics hit, the first in full.
func TestSummary(t *testing.T) {
	cur := testRun()
	for _, b := range []string{"poll", "epoll_et"} {
		for _, idle := range []int{0, 1000} {
			doctor(cur, b, idle, func(m *results.Metrics) { m.Backend.Writes += m.Requests; m.Latency.P99 *= 3 })
		}
	}
	got := Compare(testRun(), cur, DefaultOptions()).Summary()
	want := "8 regression(s): p99_us in 4 cell(s), loop_syscalls_per_req in 4 cell(s); the first: echo/poll/idle=0/active=1/closed: p99_us "
	if !strings.HasPrefix(got, want) || strings.Contains(got, "\n") || len(got) > 200 {
		t.Errorf("summary %q (%d chars), want one line under 200 starting %q", got, len(got), want)
	}
	if s := Compare(testRun(), testRun(), DefaultOptions()).Summary(); s != "" {
		t.Errorf("no regression, summary %q", s)
	}
}

// FuzzDecode checks that no input makes the reader panic, and that any
// run it accepts compares with itself without a regression.
func FuzzDecode(f *testing.F) {
	good, _ := testRun().Encode()
	f.Add(good)
	f.Add([]byte(`{"schema":1,"cells":[]}`))
	f.Add([]byte(`{"schema":1,"cells":[{"backend":"poll","trials":[{"metrics":{"requests":0}}]}]}`))
	f.Add([]byte(`{"schema":2}`))
	f.Add([]byte(`[]`))
	f.Add([]byte(``))
	f.Fuzz(func(t *testing.T, b []byte) {
		run, err := Decode(b)
		if err != nil {
			return
		}
		if regs := Compare(run, run, DefaultOptions()).Regressions(); len(regs) != 0 {
			t.Errorf("run regresses against itself: %s", regs[0].Describe())
		}
	})
}
