package report

import (
	"fmt"
	"strconv"

	"github.com/muxbench/muxbench/internal/analysis"
	"github.com/muxbench/muxbench/internal/results"
)

var (
	reqRate   = field(func(m results.Metrics) float64 { return m.ReqPerSec })
	p50       = field(func(m results.Metrics) float64 { return m.Latency.P50 })
	p99       = field(func(m results.Metrics) float64 { return m.Latency.P99 })
	cpuPerReq = field(func(m results.Metrics) float64 { return m.ServerCPUUsPerReq })
	scanned   = backendPerReq("fds_scanned", func(m results.Metrics) uint64 { return m.Backend.FdsScanned })
	accepts   = backendPerReq("accept_calls", func(m results.Metrics) uint64 { return m.Backend.AcceptCalls })
	interest  = backendPerReq("interest_changes", func(m results.Metrics) uint64 { return m.Backend.InterestChanges })
	wEAGAIN   = backendPerReq("write_eagain", func(m results.Metrics) uint64 { return m.Backend.WriteEAGAIN })
	pauses    = backendPerReq("backpressure_pauses", func(m results.Metrics) uint64 { return m.Backend.BackpressurePauses })
)

// backendPerReq is a backend counter per request, unless the backend
// cannot see it.
func backendPerReq(name string, f func(results.Metrics) uint64) func(results.Metrics) (float64, bool) {
	return func(m results.Metrics) (float64, bool) {
		if analysis.Unsupported(m.Backend.Unsupported, name) {
			return 0, false
		}
		return perReq(f)(m)
	}
}

// syscallsPerReq is perf's whole-process count when the trial was counted,
// else the loop's own count (raw backends only).
func sysPerReq(m results.Metrics) (float64, bool) {
	if m.SyscallsPerReq == nil {
		return 0, false
	}
	return *m.SyscallsPerReq, m.Requests > 0
}

// ctlPerReq is epoll_ctl per request: perf's count, else the backend's.
func ctlPerReq(m results.Metrics) (float64, bool) {
	if m.SyscallsSource == "perf" {
		return m.SyscallsByName["epoll_ctl"], m.Requests > 0
	}
	return backendPerReq("ctl_syscalls", func(m results.Metrics) uint64 { return m.Backend.CtlSyscalls })(m)
}

// ctlShare is epoll_ctl's share of the syscalls, in percent.
func ctlShare(m results.Metrics) (float64, bool) {
	ctl, ok1 := ctlPerReq(m)
	total, ok2 := sysPerReq(m)
	if !ok1 || !ok2 || total == 0 {
		return 0, false
	}
	return 100 * ctl / total, true
}

func allActiveSection(run *results.Run, cells []scenarioCell) ScenarioSection {
	s := ScenarioSection{Name: "all-active", Title: "all-active: no idle connections, every connection busy",
		Header: []string{"backend", "active", "req/s", "p50", "p99", "CPU/req", "syscalls/req", "fds scanned/req"},
		XLabel: "active connections", YLabel: "req/s"}
	for _, c := range cells {
		rate, ok := c.timed(reqRate)
		s.addPoint(c.Backend, float64(c.Active), rate, ok)
		s.Rows = append(s.Rows, []string{c.Backend, strconv.Itoa(c.Active), boundMark(c, fmtOr(rate, ok)),
			microsOr(c.timed(p50)), microsOr(c.timed(p99)), microsOr(c.timed(cpuPerReq)), fmtOr(c.counted(sysPerReq)), fmtOr(c.any(scanned))})
	}
	s.noteBound(cells)
	s.Finding = rateFinding("all-active", cells, "poll", "epoll_et", "req/s", func(c scenarioCell) string {
		return fmt.Sprintf("at %s active connections", Thousands(int64(c.Active)))
	})
	return s
}

func heartbeatSection(run *results.Run, cells []scenarioCell) ScenarioSection {
	s := ScenarioSection{Name: "heartbeat", Title: heartbeatTitle(run),
		Header: []string{"backend", "idle", "active", "req/s", "p50", "p99", "CPU/req", "fds scanned/req", "pings answered"},
		XLabel: "active connections", YLabel: "req/s"}
	for _, c := range cells {
		rate, ok := c.timed(reqRate)
		s.addPoint(c.Backend, float64(c.Active), rate, ok)
		s.Rows = append(s.Rows, []string{c.Backend, Thousands(int64(c.Idle)), strconv.Itoa(c.Active), boundMark(c, fmtOr(rate, ok)),
			microsOr(c.timed(p50)), microsOr(c.timed(p99)), microsOr(c.timed(cpuPerReq)), fmtOr(c.any(scanned)), pingsOf(c)})
	}
	s.noteBound(cells)
	s.Finding = rateFinding("heartbeat", cells, "poll", "epoll_et", "req/s", func(c scenarioCell) string {
		return fmt.Sprintf("with %s idle connections pinging and %d active", Thousands(int64(c.Idle)), c.Active)
	}) + cpuClause(cells, "poll", "epoll_et") + pingClause(cells)
	return s
}

func heartbeatTitle(run *results.Run) string {
	if sc := run.Config.Scenario; sc != nil {
		return fmt.Sprintf("heartbeat: %s idle connections each pinging every %v on average (Poisson)", Thousands(int64(sc.HeartbeatIdle)), sc.HeartbeatPing)
	}
	return "heartbeat: idle connections pinging at Poisson-spaced times"
}

// pingsOf is "answered of sent" over the cell's usable trials.
func pingsOf(c scenarioCell) string {
	var sent, answered uint64
	for _, t := range c.usable {
		sent += t.Metrics.IdlePingsSent
		answered += t.Metrics.IdlePingsAnswered
	}
	if sent == 0 {
		return "n/a"
	}
	return fmt.Sprintf("%s of %s", Thousands(int64(answered)), Thousands(int64(sent)))
}

func pingClause(cells []scenarioCell) string {
	var sent, answered uint64
	for _, c := range cells {
		for _, t := range c.usable {
			sent += t.Metrics.IdlePingsSent
			answered += t.Metrics.IdlePingsAnswered
		}
	}
	if sent == 0 {
		return ""
	}
	return fmt.Sprintf("; %s of %s idle pings answered", Thousands(int64(answered)), Thousands(int64(sent)))
}

// cpuClause compares server CPU per request at the largest shared point.
func cpuClause(cells []scenarioCell, a, b string) string {
	ok := func(c scenarioCell) bool { _, ok := c.timed(cpuPerReq); return ok }
	ca, cb, found := largestShared(cells, func(c scenarioCell) int { return c.Active }, ok, a, b)
	if !found {
		return ""
	}
	va, _ := ca.timed(cpuPerReq)
	vb, _ := cb.timed(cpuPerReq)
	return fmt.Sprintf("; CPU/request %s vs %s µs, %s", FormatNumber(va), FormatNumber(vb), compared(cb, ca, cpuPerReq, "CPU/request"))
}

// rateFinding compares a's and b's rates at the largest point both have.
func rateFinding(name string, cells []scenarioCell, a, b, unit string, where func(scenarioCell) string) string {
	ok := func(c scenarioCell) bool { _, ok := c.timed(reqRate); return ok }
	ca, cb, found := largestShared(cells, func(c scenarioCell) int { return c.Active }, ok, a, b)
	if !found {
		return fmt.Sprintf("%s: no point where both %s and %s have valid trials in this run", name, a, b)
	}
	va, _ := ca.timed(reqRate)
	vb, _ := cb.timed(reqRate)
	s := fmt.Sprintf("%s: %s %s serves %s %s vs %s %s (%s)", name, where(cb), b, FormatNumber(vb), unit,
		a, FormatNumber(va), compared(cb, ca, reqRate, unit))
	if ca.bound || cb.bound {
		s += " [generator-bound]"
	}
	return s
}
