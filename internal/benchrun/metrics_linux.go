package benchrun

import (
	"fmt"
	"time"

	"github.com/muxbench/muxbench/internal/loadgen"
	"github.com/muxbench/muxbench/internal/registry"
	"github.com/muxbench/muxbench/internal/results"
)

// Validity gates.
const (
	minRateShare = 0.95 // achieved / offered in open mode
	// A generator this busy may have held the server back, whatever the
	// server's own CPU says: a fast backend then has spare CPU, a slow one
	// may be as busy as the generator, and either way the cell's
	// throughput is a lower bound of what the backend can do.
	genSaturatedPct = 95.0 // generator CPU, % of its CPUs
	// Each side is pinned to a CPU of its own, so its busiest thread should
	// almost never wait for it; waiting this long means another process (a
	// compile, a test run, a noisy neighbour) shared the CPUs and the
	// timing figures measure that, not the backend.
	contendedWaitPct = 10.0 // run-queue wait, % of the window
)

// cpuContended is the cpu-contended gate.
func cpuContended(loadgenWaitPct, serverWaitPct float64) bool {
	return loadgenWaitPct >= contendedWaitPct || serverWaitPct >= contendedWaitPct
}

// loadgenBound is the loadgen-bound gate: the generator was saturated, so
// it may have limited the cell, for every backend alike (it once asked the
// server to have spare CPU too, which only the fast backends have: poll's
// equally generator-bound trials were kept).
func loadgenBound(genBusyPct float64) bool {
	return genBusyPct >= genSaturatedPct
}

// metrics turns one window's measurements into the trial's figures.
func (r *runner) metrics(k results.CellKey, res *loadgen.Result, w *windowEdges, g *group, sweep loadgen.SweepReport) results.Metrics {
	m := results.Metrics{
		Requests: res.Received, WindowSec: res.Window.Seconds(), ReqPerSec: res.ReqPerSec,
		OfferedRate: res.OfferedRate, Latency: latency(res.Latency),
		LoadgenCPUUsPerReq: res.CPU.UsPerReq, IdleRequested: k.Idle,
		IdleEstablished: g.fleet.Fleet().Established, LivenessAnswered: sweep.Answered,
		Errors: res.Errors.Map(),
	}
	if res.Uncorrected != nil {
		u := latency(*res.Uncorrected)
		m.Uncorrected = &u
	}
	if secs := res.Window.Seconds(); secs > 0 {
		m.LoadgenBusyPct = r.loadgenBusyPct(res)
		m.LoadgenWaitPct = 100 * w.selfTo.ForeignWait(w.selfFrom).Seconds() / secs
	}
	if w.err != nil {
		return m
	}
	d := delta(w.to, w.from)
	m.Backend = d.backend
	m.ServerRSSBytes = w.to.proc.RSSBytes
	if secs := res.Window.Seconds(); secs > 0 {
		m.ServerBusyPct = 100 * d.proc.CPU.Seconds() / secs / r.cpusOf(r.run.Machine.ServerCPU)
		m.ServerWaitPct = 100 * w.to.proc.ForeignWait(w.from.proc).Seconds() / secs
	}
	if res.Received == 0 {
		return m
	}
	perReq := func(v time.Duration) float64 { return float64(v.Nanoseconds()) / 1e3 / float64(res.Received) }
	m.ServerCPUUsPerReq = perReq(d.proc.CPU)
	m.ServerUserUsPerReq = perReq(d.proc.User)
	m.ServerSysUsPerReq = perReq(d.proc.Sys)
	m.CtxSwitchesPerReq = float64(d.proc.CtxSwitches) / float64(res.Received)
	m.ServerVoluntaryCtxSwitchesPerReq = float64(d.proc.Voluntary) / float64(res.Received)
	m.ServerInvoluntaryCtxSwitchesPerReq = float64(d.proc.Involuntary) / float64(res.Received)
	if outside, total := w.to.proc.OutsideBusiest(w.from.proc); total > 0 {
		m.ServerCPUOutsideLoopPct = 100 * outside.Seconds() / total.Seconds()
	}
	r.syscalls(&m, d, g)
	return m
}

// syscalls fills the syscall figures: perf counts when the child was
// counted, else the backend's own counts where it sees all of its calls
// (the raw backends), else n/a with the reason.
func (r *runner) syscalls(m *results.Metrics, d windowDelta, g *group) {
	reqs := m.Requests
	if d.counted {
		total, byName := d.syscalls.PerOp(reqs)
		m.SyscallsPerReq, m.SyscallsByName, m.SyscallsSource = &total, byName, "perf"
		return
	}
	if len(d.backend.Unsupported) > 0 {
		m.SyscallsNA = fmt.Sprintf("%s; %s cannot count its own syscalls (sees no %v)", g.child.countNA, g.backend, d.backend.Unsupported)
		return
	}
	b := d.backend
	total := float64(b.Syscalls()) / float64(reqs)
	m.SyscallsPerReq, m.SyscallsSource = &total, "backend counters ("+g.child.countNA+")"
	m.SyscallsByName = map[string]float64{
		"wait": float64(b.WaitCalls) / float64(reqs), "read": float64(b.Reads) / float64(reqs),
		"write": float64(b.Writes) / float64(reqs), "epoll_ctl": float64(b.CtlSyscalls) / float64(reqs),
		"accept4": float64(b.AcceptCalls) / float64(reqs),
	}
	if rb, _ := registry.Lookup(g.backend); rb.CountsEnters() {
		m.SyscallsByName["io_uring_enter"] = float64(b.EnterCalls) / float64(reqs)
	}
}

func latency(s loadgen.Summary) results.Latency {
	return results.Latency{Mean: s.Mean, P50: s.P50, P90: s.P90, P99: s.P99, P999: s.P999, P9999: s.P9999, Max: s.Max}
}

// flags are the validity gates that tripped for one trial.
func (r *runner) flags(k results.CellKey, m results.Metrics, res *loadgen.Result, w *windowEdges, g *group) []string {
	var f []string
	if m.IdleEstablished != k.Idle || m.LivenessAnswered != k.Idle || g.fleet.IdleHeld() != k.Idle {
		f = append(f, "idle-short")
	}
	if k.Mode == "open" && res.ReqPerSec < minRateShare*k.Rate {
		f = append(f, "rate-short")
	}
	if loadgenBound(m.LoadgenBusyPct) {
		f = append(f, results.FlagLoadgenBound)
	}
	if cpuContended(m.LoadgenWaitPct, m.ServerWaitPct) {
		f = append(f, "cpu-contended")
	}
	if res.Errors.Verify() > 0 {
		f = append(f, "verify-errors")
	}
	if res.Errors.Total() > res.Errors.Verify() || res.Stopped != "" || res.Received == 0 {
		f = append(f, "errors")
	}
	if m.Backend.Refused > 0 {
		f = append(f, "server-refused")
	}
	if g.child.gone(w.err) {
		f = append(f, "server-exited")
	}
	if w.err != nil {
		f = append(f, "error")
	}
	return f
}

// loadgenBusyPct is the generator's CPU over res's window, in percent of
// the CPUs it may use (0: no window).
func (r *runner) loadgenBusyPct(res *loadgen.Result) float64 {
	secs := res.Window.Seconds()
	if secs <= 0 {
		return 0
	}
	return 100 * (res.CPU.User + res.CPU.Sys).Seconds() / secs / r.cpusOf(r.run.Machine.LoadgenCPU)
}

// cpusOf is the CPU capacity of a side pinned to cpu (-1: not pinned).
func (r *runner) cpusOf(cpu int) float64 {
	if cpu >= 0 || r.run.Machine.Cores < 1 {
		return 1
	}
	return float64(r.run.Machine.Cores)
}
