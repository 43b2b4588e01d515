package reliability

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/muxbench/muxbench/internal/chaos"
	"github.com/muxbench/muxbench/internal/faults"
)

// survivor is a backend report in which every scenario was survived.
func survivor(name string) BackendReport {
	ok := faults.StartupReport{Fault: "port in use", Recognised: true}
	return BackendReport{Backend: name, Chaos: &chaos.Report{},
		Reset: faults.ResetReport{ServingAfter: true}, HalfOpen: faults.HalfOpenReport{ServingAfter: true},
		Slow: faults.SlowReport{P99Ratio: 1, RSSBound: 1 << 30}, PortInUse: ok,
		FdLimit:   faults.ServerFdLimitReport{ServingAfter: true},
		HTTPFlood: flooded(faults.HTTPFlood(64 << 10)), RPCFlood: flooded(faults.RPCFlood(10_000))}
}

// flooded is a flood every probe of which was answered, in 12 ms at most,
// with the server's RSS up 1 MiB from 12 MiB.
func flooded(spec faults.FloodSpec) faults.FloodReport {
	return faults.FloodReport{Spec: spec, Written: spec.BurstBytes, Exchanges: spec.Exchanges, MaxLatency: 12 * time.Millisecond,
		Before: faults.Resources{RSSBytes: 12 << 20}, Peak: faults.Resources{RSSBytes: 13 << 20}}
}

func TestVerdicts(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Report)
		want   bool
	}{
		{name: "all survived", change: func(*Report) {}, want: true},
		{name: "socket leak", change: func(r *Report) { r.Backends[0].Leaks.Sockets = 1 }},
		{name: "unclean exit", change: func(r *Report) { r.Backends[0].ServerExit = "exit status 1" }},
		{name: "chaos anomaly", change: func(r *Report) { r.Backends[0].Chaos.Anomalies = map[string]uint64{"short": 1} }},
		{name: "no chaos report", change: func(r *Report) { r.Backends[0].Chaos = nil }},
		{name: "refused connect not recognised", change: func(r *Report) { r.ConnRefused.Recognised = false }},
		{name: "http flood: a probe unanswered", change: func(r *Report) { r.Backends[0].HTTPFlood.Exchanges = 4 }},
		{name: "rpc flood: RSS over the bound", change: func(r *Report) {
			f := &r.Backends[0].RPCFlood
			f.Peak.RSSBytes = f.Before.RSSBytes + f.Spec.RSSBound + 1
		}},
		{name: "rpc flood never ran", change: func(r *Report) { r.Backends[0].RPCFlood = faults.FloodReport{} }},
		{name: "no loadgen binary is n/a", change: func(r *Report) { r.GenFdLimit = faults.StartupReport{Err: "n/a: no loadgen binary"} }, want: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rep := &Report{Backends: []BackendReport{survivor("poll")},
				ConnRefused: faults.StartupReport{Recognised: true}, GenFdLimit: faults.StartupReport{Recognised: true}}
			if !rep.Backends[0].Slow.Survived() {
				t.Fatalf("fixture: slow clients not survived: %+v", rep.Backends[0].Slow)
			}
			tc.change(rep)
			if got := rep.AllSurvived(); got != tc.want {
				t.Fatalf("AllSurvived = %v, want %v (%v)", got, tc.want, rep.Backends[0].Survived())
			}
		})
	}
}

// TestMarkdown: one summary row per backend with its verdict count, every
// section, a row per flood, and cell text that cannot break a table.
func TestMarkdown(t *testing.T) {
	failing := survivor("epoll_et")
	failing.ServerExit = "exit status 1; stderr: a|b"
	failing.RPCFlood.Exchanges, failing.RPCFlood.Err = 2, "probe 3 of 5 during the rpc-work flood: i/o timeout"
	rep := &Report{Size: SizeFor(false), Backends: []BackendReport{survivor("poll"), failing}}
	md := rep.Markdown()
	for _, want := range []string{"| poll | 3 | 0 | 10/10 |", "| epoll_et | 3 | 0 | 8/10 |", `a\|b |`,
		"## Reset storm", "## Slowloris", "## Floods", "## Chaos client", "## Start-up and connect faults",
		"a 65536-byte body", "10ms of CPU",
		"| poll | pipelined-http | 3640 | 5/5 | 12ms | 12.0 MiB → 13.0 MiB | 1.0 MiB | 10.8 MiB | yes | yes |",
		"| poll | rpc-work | 2730 | 5/5 | 12ms | 12.0 MiB → 13.0 MiB | 1.0 MiB | 10.6 MiB | yes | yes |",
		"| epoll_et | rpc-work | 2730 | 2/5 | 12ms | 12.0 MiB → 13.0 MiB | 1.0 MiB | 10.6 MiB | yes | **NO** |",
		"- epoll_et: rpc-work flood: probe 3 of 5 during the rpc-work flood: i/o timeout"} {
		if !strings.Contains(md, want) {
			t.Errorf("reliability.md lacks %q:\n%s", want, md)
		}
	}
	_, floods, _ := strings.Cut(md, "## Floods")
	floods, _, _ = strings.Cut(floods, "\n## ")
	for i, line := range strings.Split(floods, "\n") {
		if strings.HasPrefix(line, "|") && utf8.RuneCountInString(line) > 120 {
			t.Errorf("floods line %d is %d columns wide (max 120): %s", i+1, utf8.RuneCountInString(line), line)
		}
	}
}
