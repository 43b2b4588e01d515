package analysis

import (
	"fmt"
	"strings"

	"github.com/muxbench/muxbench/internal/results"
)

// Metric is one figure the report summarises and compare checks.
type Metric struct {
	// Name is the stable identifier used in cells.csv, compare output and
	// benchstat lines; Title is the column heading; Unit is shown beside it.
	Name  string
	Title string
	Unit  string
	// LowerIsBetter says which direction is a regression.
	LowerIsBetter bool
	// Deterministic marks counts that depend on the code path, not on the
	// machine's noise (syscalls, wakeups, fds scanned per request): compare
	// checks them strictly.
	Deterministic bool
	// Source says which trials of a cell the metric is summarised from.
	Source Source
	// ServerCost marks the server's own cost per request (CPU, syscalls,
	// context switches): a trial flagged only loadgen-bound gives it too
	// (results.Trial.Bound), as every valid trial does.
	ServerCost bool
	// value extracts the figure from a trial; it returns a reason instead
	// when the trial cannot give it.
	value func(m results.Metrics) (float64, string)
}

// Source picks the trials a metric is summarised from. perf's tracepoints
// cost the server about 1 µs per syscall, so a cell has timed trials (run
// uncounted) and a counted one; old runs and runs without perf have only one
// kind: they hold no counted trials, and every trial is then timed.
type Source int

const (
	// FromAll: every valid trial (the backend's own counters, RSS, errors
	// are the same with or without perf).
	FromAll Source = iota
	// FromTimed: the uncounted trials (latency, throughput, CPU).
	FromTimed
	// FromCounted: the counted trials (perf's syscall figures).
	FromCounted
)

// Uses reports whether a trial enters the metric; cellCounted says the
// cell has counted trials at all (runs without perf, or from before counted
// trials existed, take their syscall figures from every trial).
func (s Source) Uses(t results.Trial, cellCounted bool) bool {
	switch s {
	case FromTimed:
		return !t.Counted
	case FromCounted:
		return t.Counted || !cellCounted
	}
	return true
}

// Keeps reports whether the metric reads trial t: a valid one, or for a
// server cost one whose only flag is loadgen-bound.
func (m Metric) Keeps(t results.Trial) bool { return t.Valid() || m.ServerCost && t.Bound() }

// Value returns the metric of one trial, or the reason it is not available.
func (m Metric) Value(t results.Trial) (float64, string) { return m.value(t.Metrics) }

// Metrics is the catalogue, in the order tables and CSV columns show it.
var Metrics = []Metric{
	{Name: "req_per_sec", Source: FromTimed, Title: "req/s", Unit: "req/s", value: plain(func(m results.Metrics) float64 { return m.ReqPerSec })},
	{Name: "p50_us", Source: FromTimed, Title: "p50", Unit: "µs", LowerIsBetter: true, value: plain(func(m results.Metrics) float64 { return m.Latency.P50 })},
	{Name: "p99_us", Source: FromTimed, Title: "p99", Unit: "µs", LowerIsBetter: true, value: plain(func(m results.Metrics) float64 { return m.Latency.P99 })},
	{Name: "p999_us", Source: FromTimed, Title: "p99.9", Unit: "µs", LowerIsBetter: true, value: plain(func(m results.Metrics) float64 { return m.Latency.P999 })},
	{Name: "max_us", Source: FromTimed, Title: "max", Unit: "µs", LowerIsBetter: true, value: plain(func(m results.Metrics) float64 { return m.Latency.Max })},
	// Open loop only: the latency from the actual send (uncorrected) and
	// the send lag (actual − intended send), read beside the corrected
	// figures so that the generator's lateness is not charged unseen.
	{Name: "uncorrected_p50_us", Source: FromTimed, Title: "uncorr p50", Unit: "µs", LowerIsBetter: true, value: openOnly(func(m results.Metrics) *results.Latency { return m.Uncorrected }, p50)},
	{Name: "uncorrected_p99_us", Source: FromTimed, Title: "uncorr p99", Unit: "µs", LowerIsBetter: true, value: openOnly(func(m results.Metrics) *results.Latency { return m.Uncorrected }, p99)},
	{Name: "lag_p50_us", Source: FromTimed, Title: "lag p50", Unit: "µs", LowerIsBetter: true, value: openOnly(func(m results.Metrics) *results.Latency { return m.SendLag }, p50)},
	{Name: "lag_p99_us", Source: FromTimed, Title: "lag p99", Unit: "µs", LowerIsBetter: true, value: openOnly(func(m results.Metrics) *results.Latency { return m.SendLag }, p99)},
	{Name: "cpu_us_per_req", ServerCost: true, Source: FromTimed, Title: "CPU/req", Unit: "µs", LowerIsBetter: true, value: plain(func(m results.Metrics) float64 { return m.ServerCPUUsPerReq })},
	{Name: "ctx_switches_per_req", ServerCost: true, Source: FromTimed, Title: "ctxsw/req", Unit: "", LowerIsBetter: true, value: plain(func(m results.Metrics) float64 { return m.CtxSwitchesPerReq })},
	// The server's context switches split into voluntary (a thread
	// blocked) and involuntary (preempted while runnable), and the share of
	// its CPU on threads other than its busiest one, the loop's (#15).
	{Name: "server_voluntary_ctx_switches_per_req", ServerCost: true, Source: FromTimed, Title: "vol ctxsw/req", Unit: "", LowerIsBetter: true, value: split(func(m results.Metrics) float64 { return m.ServerVoluntaryCtxSwitchesPerReq })},
	{Name: "server_involuntary_ctx_switches_per_req", ServerCost: true, Source: FromTimed, Title: "invol ctxsw/req", Unit: "", LowerIsBetter: true, value: split(func(m results.Metrics) float64 { return m.ServerInvoluntaryCtxSwitchesPerReq })},
	{Name: "server_cpu_outside_loop_pct", ServerCost: true, Source: FromTimed, Title: "outside loop", Unit: "%", LowerIsBetter: true, value: split(func(m results.Metrics) float64 { return m.ServerCPUOutsideLoopPct })},
	// syscalls_per_req is counted by perf over the whole server process and
	// window, so runtime and timer syscalls ride along: two smoke runs gave
	// 3.2 and 3.6 for the same cell. It is compared as a noisy figure;
	// loop_syscalls_per_req, from the event loop's own counters, is the
	// deterministic one (exactly 3.0 for an echo round trip).
	{Name: "syscalls_per_req", ServerCost: true, Source: FromCounted, Title: "syscalls/req", Unit: "", LowerIsBetter: true, value: syscallsPerReq},
	{Name: "loop_syscalls_per_req", ServerCost: true, Title: "loop syscalls/req", Unit: "", LowerIsBetter: true, Deterministic: true, value: loopSyscallsPerReq},
	{Name: "wakeups_per_req", ServerCost: true, Title: "wakeups/req", Unit: "", LowerIsBetter: true, Deterministic: true, value: counterPerReq("wait_calls", func(m results.Metrics) uint64 { return m.Backend.WaitCalls })},
	{Name: "fds_scanned_per_req", ServerCost: true, Title: "fds scanned/req", Unit: "", LowerIsBetter: true, Deterministic: true, value: counterPerReq("fds_scanned", func(m results.Metrics) uint64 { return m.Backend.FdsScanned })},
	{Name: "epoll_ctl_per_req", ServerCost: true, Title: "ctl syscalls/req", Unit: "", LowerIsBetter: true, Deterministic: true, value: counterPerReq("ctl_syscalls", func(m results.Metrics) uint64 { return m.Backend.CtlSyscalls })},
	{Name: "rss_kib", Title: "RSS", Unit: "KiB", LowerIsBetter: true, value: plain(func(m results.Metrics) float64 { return float64(m.ServerRSSBytes) / 1024 })},
	{Name: "loadgen_cpu_us_per_req", Source: FromTimed, Title: "gen CPU/req", Unit: "µs", LowerIsBetter: true, value: plain(func(m results.Metrics) float64 { return m.LoadgenCPUUsPerReq })},
	{Name: "errors", Title: "errors", Unit: "", LowerIsBetter: true, Deterministic: true, value: errorCount},
}

// busyMetrics are the generator's and the server's CPU share over the
// window, shown in the tables to read the loadgen-bound gate; they are no
// better or worse in either direction, so they stay out of the catalogue
// (and out of compare).
var busyMetrics = [2]Metric{
	{Name: "loadgen_busy_pct", Source: FromTimed, Title: "gen busy", Unit: "%", value: busy(func(m results.Metrics) float64 { return m.LoadgenBusyPct })},
	{Name: "server_busy_pct", Source: FromTimed, Title: "server busy", Unit: "%", value: busy(func(m results.Metrics) float64 { return m.ServerBusyPct })},
}

// busy reads a CPU share; zero means the run predates the field.
func busy(f func(results.Metrics) float64) func(results.Metrics) (float64, string) {
	return func(m results.Metrics) (float64, string) {
		if v := f(m); v > 0 {
			return v, ""
		}
		return 0, "not recorded"
	}
}

// split reads one of the figures recorded beside the context-switch
// split: a trial that counted switches but split none predates them (a
// run recorded before the split was measured), so it gets a reason, not a
// zero.
func split(f func(results.Metrics) float64) func(results.Metrics) (float64, string) {
	return func(m results.Metrics) (float64, string) {
		if m.CtxSwitchesPerReq > 0 && m.ServerVoluntaryCtxSwitchesPerReq+m.ServerInvoluntaryCtxSwitchesPerReq == 0 {
			return 0, "not recorded (a run from before the voluntary/involuntary split)"
		}
		return f(m), ""
	}
}

// MetricByName finds a metric of the catalogue.
func MetricByName(name string) (Metric, bool) {
	for _, m := range Metrics {
		if m.Name == name {
			return m, true
		}
	}
	return Metric{}, false
}

// Label is the title with its unit, for headings and axes.
func (m Metric) Label() string {
	if m.Unit == "" || m.Unit == m.Title {
		return m.Title
	}
	return fmt.Sprintf("%s (%s)", m.Title, m.Unit)
}

func plain(f func(results.Metrics) float64) func(results.Metrics) (float64, string) {
	return func(m results.Metrics) (float64, string) { return f(m), "" }
}

func syscallsPerReq(m results.Metrics) (float64, string) {
	if m.SyscallsPerReq == nil {
		if m.SyscallsNA != "" {
			return 0, m.SyscallsNA
		}
		return 0, "syscalls not counted"
	}
	return *m.SyscallsPerReq, ""
}

// counterPerReq divides one of the backend's own counters by the requests
// of the window; a backend that lists the counter as unsupported gets a
// reason instead of a misleading zero.
func counterPerReq(field string, f func(results.Metrics) uint64) func(results.Metrics) (float64, string) {
	return func(m results.Metrics) (float64, string) {
		if Unsupported(m.Backend.Unsupported, field) {
			return 0, "backend cannot observe " + field
		}
		if m.Requests == 0 {
			return 0, "no requests in window"
		}
		return float64(f(m)) / float64(m.Requests), ""
	}
}

// Unsupported matches a counter against the backend's list of counters it
// cannot observe, accepting the JSON name or the Go field name.
func Unsupported(list []string, field string) bool {
	norm := func(s string) string { return strings.ToLower(strings.ReplaceAll(s, "_", "")) }
	for _, u := range list {
		if norm(u) == norm(field) {
			return true
		}
	}
	return false
}

func errorCount(m results.Metrics) (float64, string) {
	var n uint64
	for _, v := range m.Errors {
		n += v
	}
	return float64(n), ""
}

// loopSyscallsPerReq is the syscalls the event loop itself made per
// request: waits, epoll_ctl, reads, writes, accepts.
func loopSyscallsPerReq(m results.Metrics) (float64, string) {
	for _, f := range []string{"wait_calls", "ctl_syscalls", "reads", "writes", "accept_calls"} {
		if Unsupported(m.Backend.Unsupported, f) {
			return 0, "backend cannot observe " + f
		}
	}
	if m.Requests == 0 {
		return 0, "no requests in window"
	}
	return float64(m.Backend.Syscalls()) / float64(m.Requests), ""
}
