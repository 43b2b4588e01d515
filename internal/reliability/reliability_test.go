package reliability

import (
	"strings"
	"testing"

	"github.com/muxbench/muxbench/internal/chaos"
	"github.com/muxbench/muxbench/internal/faults"
)

// survivor is a backend report in which every scenario was survived.
func survivor(name string) BackendReport {
	ok := faults.StartupReport{Fault: "port in use", Recognised: true}
	return BackendReport{Backend: name, Chaos: &chaos.Report{},
		Reset: faults.ResetReport{ServingAfter: true}, HalfOpen: faults.HalfOpenReport{ServingAfter: true},
		Slow: faults.SlowReport{P99Ratio: 1, RSSBound: 1 << 30}, PortInUse: ok,
		FdLimit: faults.ServerFdLimitReport{ServingAfter: true}}
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
// section, and cell text that cannot break a table.
func TestMarkdown(t *testing.T) {
	failing := survivor("epoll_et")
	failing.ServerExit = "exit status 1; stderr: a|b"
	rep := &Report{Backends: []BackendReport{survivor("poll"), failing}}
	md := rep.Markdown()
	for _, want := range []string{"| poll | 1 | 0 | 8/8 |", "| epoll_et | 1 | 0 | 7/8 |", `a\|b |`,
		"## Reset storm", "## Slowloris", "## Chaos client", "## Start-up and connect faults", "No scenario reported an error."} {
		if !strings.Contains(md, want) {
			t.Errorf("reliability.md lacks %q:\n%s", want, md)
		}
	}
}
