package report

import (
	"time"

	"github.com/muxbench/muxbench/internal/analysis/analysistest"
	"github.com/muxbench/muxbench/internal/results"
	"github.com/muxbench/muxbench/internal/server"
)

// The realistic fixture is a synthetic run shaped like a default run of
// all seven backends (figures of the order a 2-core machine measures, not
// measurements): five timed trials and one counted trial per cell, both
// modes, idle up to 19,800, the all-active scenario, a crossover search;
// select n/a from FD_SETSIZE, c_epoll at idle 0 and 1,000 only, a cell
// whose trials carry long flag lists and an error. Tests render it to
// check the tables' widths, not figures.

// base is a backend's figures at one active connection and idle 0.
type base struct {
	rate, p50, p99, cpu, sys float64
	byName                   map[string]float64
}

var readiness = map[string]float64{"epoll_wait": 1, "read": 1, "write": 1}

var bases = map[string]base{
	"select":   {rate: 5646, p50: 86.5, p99: 2215, cpu: 44.99, sys: 4.34, byName: map[string]float64{"pselect6": 1, "read": 1, "write": 1, "futex": 0.53}},
	"poll":     {rate: 9800, p50: 95, p99: 18072, cpu: 38.2, sys: 4.1, byName: map[string]float64{"poll": 1, "read": 1, "write": 1}},
	"epoll_lt": {rate: 12277, p50: 70.2, p99: 1663.75, cpu: 30.1, sys: 3.02, byName: readiness},
	"epoll_et": {rate: 15614, p50: 64.1, p99: 1200, cpu: 28.4, sys: 3.01, byName: readiness},
	"netpoll":  {rate: 11000, p50: 80, p99: 3000, cpu: 40, sys: 5.2, byName: map[string]float64{"epoll_pwait": 0.8, "read": 1, "write": 1, "futex": 1.4}},
	"io_uring": {rate: 16500, p50: 60.3, p99: 950, cpu: 25.5, sys: 1.02, byName: map[string]float64{"io_uring_enter": 1.02}},
	"c_epoll":  {rate: 12900, p50: 62, p99: 900, cpu: 22, sys: 3, byName: readiness},
}

// fixtureBackends is the registry's order.
var fixtureBackends = []string{"select", "poll", "epoll_lt", "epoll_et", "netpoll", "io_uring", "c_epoll"}

// realisticRun is the fixture with c_epoll built.
func realisticRun() *results.Run {
	run := analysistest.Run()
	run.Cells = nil
	run.Command = []string{"bin/bench", "run", "--profile", "default", "--backends", "select,poll,epoll_lt,epoll_et,netpoll,io_uring,c_epoll", "--out", "results/vm-20261201-223027"}
	run.Config.Profile, run.Config.Backends = "default", fixtureBackends
	run.Config.Idle, run.Config.Modes, run.Config.Rate, run.Config.Trials = []int{0, 100, 1000, 19800}, []string{"closed", "open"}, 2000, 5
	for _, mode := range run.Config.Modes {
		for _, active := range run.Config.Active {
			for _, b := range fixtureBackends {
				for _, idle := range run.Config.Idle {
					k := results.CellKey{Scenario: "echo", Backend: b, Idle: idle, Active: active, Mode: mode, MsgSize: 64, Handler: "echo"}
					if mode == "open" {
						k.Rate = 2000
					}
					run.Cells = append(run.Cells, fixtureCell(k))
				}
			}
		}
	}
	run.Cells = append(run.Cells, scenarioCells()...)
	run.Capacity = capacityFixture()
	return analysistest.WithSearch(run)
}

// scenarioCells are the non-idle scenarios' cells at the scenarios
// profile's points, for every backend.
func scenarioCells() []results.Cell {
	points := []results.CellKey{
		{Scenario: "all-active", Active: 1}, {Scenario: "all-active", Active: 8}, {Scenario: "all-active", Active: 64}, {Scenario: "all-active", Active: 256},
		{Scenario: "churn", Active: 1}, {Scenario: "churn", Active: 16},
		{Scenario: "bulk", Active: 4, MsgSize: 256 << 10, Handler: "rpc"}, {Scenario: "bulk", Active: 4, MsgSize: 4 << 20, Handler: "rpc"},
		{Scenario: "heartbeat", Idle: 5000, Active: 1}, {Scenario: "heartbeat", Idle: 5000, Active: 16},
	}
	var out []results.Cell
	for _, b := range fixtureBackends {
		for _, k := range points {
			k.Backend, k.Mode = b, "closed"
			if k.Handler == "" {
				k.Handler, k.MsgSize = "echo", 64
			}
			out = append(out, fixtureCell(k))
		}
	}
	return out
}

// withoutCFloor is the fixture on a machine without a C compiler.
func withoutCFloor() *results.Run {
	run := realisticRun()
	for i, c := range run.Cells {
		if c.Backend == "c_epoll" {
			run.Cells[i].NA, run.Cells[i].Trials = "c_epoll not built: no /work/bin/c_epoll (`make build` builds it when a C compiler exists; MUXBENCH_C_EPOLL=PATH names another)", nil
		}
	}
	return run
}

// smokeLike is the fixture as a smoke run has it: one timed and one
// counted trial per cell, too few for a fit or a verdict.
func smokeLike() *results.Run {
	run := realisticRun()
	for i, c := range run.Cells {
		if len(c.Trials) > 2 && c.Scenario != results.ScenarioCrossover {
			run.Cells[i].Trials = []results.Trial{c.Trials[1], c.Trials[len(c.Trials)-1]}
		}
	}
	return run
}

// fixtureCell is one cell: n/a where the profile or the fd limit says so,
// else five timed trials and a counted one.
func fixtureCell(k results.CellKey) results.Cell {
	c := results.Cell{CellKey: k}
	switch {
	case k.Backend == "select" && k.Idle+k.Active >= 1000:
		c.NA = "select cannot watch fds >= FD_SETSIZE (1024): select(2) watches fds below FD_SETSIZE=1024 only"
		return c
	case k.Backend == "c_epoll" && k.Handler != "echo":
		c.NA = "c_epoll speaks the echo handler only, not rpc"
		return c
	case k.Backend == "c_epoll" && k.Scenario == "echo" && k.Idle != 0 && k.Idle != 1000:
		c.NA = "c_epoll is a reference floor, run at idle 0, 1,000 only in profile default (an explicit --idle runs it at every count)"
		return c
	}
	for i, f := range []float64{0.95, 1, 1.02, 0.98, 1.05} {
		c.Trials = append(c.Trials, fixtureTrial(i+1, k, f, false))
	}
	c.Trials = append(c.Trials, fixtureTrial(6, k, 1, true))
	if k.Backend == "epoll_lt" && k.Idle == 19800 && k.Active == 16 {
		c.Trials[1].Flags = []string{"loadgen-bound", "cpu-contended", "machine-slow", "window-skew"}
		c.Trials[3].Flags = []string{"cpu-contended", "generator-late"}
		c.Trials[5].Error = "server exited: signal: killed (exit status -1) while the window was open"
	}
	return c
}

// fixtureTrial is trial i of k at factor f of its backend's figures.
func fixtureTrial(i int, k results.CellKey, f float64, counted bool) results.Trial {
	b := bases[k.Backend]
	load := 1 + float64(k.Idle)/2000
	if k.Backend == "select" || k.Backend == "poll" {
		load = 1 + float64(k.Idle)/100
	}
	rate := b.rate * float64(k.Active) / load / f
	reqs := uint64(rate * 0.3)
	if k.Scenario == "bulk" {
		rate = 16e6 * float64(k.Active) / float64(k.MsgSize) / f
		reqs = uint64(rate * 0.3)
	}
	m := results.Metrics{Requests: reqs, WindowSec: 0.3, ReqPerSec: rate,
		Latency:           results.Latency{P50: b.p50 * load * f, P90: b.p99 * load * f / 2, P99: b.p99 * load * f, P999: b.p99 * load * f * 3, Max: b.p99 * load * f * 5},
		ServerCPUUsPerReq: b.cpu * load * f, CtxSwitchesPerReq: 0.013 * f, ServerVoluntaryCtxSwitchesPerReq: 0.011 * f,
		ServerInvoluntaryCtxSwitchesPerReq: 0.002 * f, ServerCPUOutsideLoopPct: 13.7 * f,
		LoadgenBusyPct: 71 * f, ServerBusyPct: 98, IdleRequested: k.Idle, IdleEstablished: k.Idle,
		Backend:       server.Counters{WaitCalls: reqs, FdsScanned: reqs * uint64(1+k.Idle), Reads: reqs, Writes: reqs, InterestChanges: reqs * 31, WriteEAGAIN: reqs * 16},
		BytesVerified: reqs * uint64(k.MsgSize), ServerRSSBytes: 13152256, IdlePingsSent: 4980, IdlePingsAnswered: 4980}
	return results.Trial{Index: i, Counted: counted, Started: time.Date(2026, 12, 1, 22, 30, 0, 0, time.UTC), Metrics: fixtureExtras(k, m, f, counted)}
}

// fixtureExtras adds to m what depends on the mode, the counting and the
// backend's kind.
func fixtureExtras(k results.CellKey, m results.Metrics, f float64, counted bool) results.Metrics {
	b := bases[k.Backend]
	if k.Mode == "open" {
		m.Uncorrected = &results.Latency{P50: b.p50 * f, P99: b.p99 * f * 0.8}
		m.SendLag = &results.Latency{P50: 4.27 * f, P99: 18.5 * f}
	}
	if counted {
		sys := b.sys * f
		m.SyscallsPerReq, m.SyscallsByName, m.SyscallsSource = &sys, b.byName, "perf"
	}
	if k.Backend == "io_uring" {
		m.Backend = server.Counters{EnterCalls: uint64(float64(m.Requests) * 1.02)}
	}
	if k.Backend == "netpoll" || k.Backend == "c_epoll" {
		m.Backend.Unsupported = []string{"wait_calls", "fds_scanned", "ctl_syscalls", "reads", "writes", "accept_calls"}
	}
	return m
}
