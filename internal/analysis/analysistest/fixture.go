package analysistest

import (
	"time"

	"github.com/muxbench/muxbench/internal/results"
	"github.com/muxbench/muxbench/internal/server"
)

// Run builds a synthetic test fixture, not a measurement: a run
// whose figures follow simple formulas so tests know the answers. poll and
// select cost grows with idle connections, epoll is flat but slightly
// dearer at idle 0, select cannot run at 5,000, netpoll's syscalls are n/a,
// and every cell has one flagged trial with absurd figures that must never
// reach a summary.
//
// Every call builds a fresh run, so a test may doctor its copy.
func Run() *results.Run {
	run := &results.Run{
		Schema:   results.SchemaVersion,
		Label:    "fixture",
		Started:  time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC),
		Finished: time.Date(2025, 1, 2, 3, 9, 5, 0, time.UTC),
		Command:  []string{"bench", "run", "--profile", "fixture"},
		Machine:  results.Machine{Hostname: "testhost", Kernel: "6.1", CPUModel: "Test CPU", Cores: 2, GoVersion: "go1.26", FdSoftLimit: 20000, FdHardLimit: 20000, Perf: true, ServerCPU: 0, LoadgenCPU: 1},
		Config: results.RunConfig{Profile: "fixture", Scenarios: []string{"echo"}, Backends: []string{"select", "poll", "epoll_lt", "epoll_et", "netpoll"},
			Idle: Idles, Active: []int{1, 16}, Modes: []string{"closed"}, Duration: time.Second, Warmup: time.Second, Trials: 4, MsgSize: 64, Handler: "echo"},
	}
	for _, active := range run.Config.Active {
		for _, b := range run.Config.Backends {
			for _, idle := range Idles {
				run.Cells = append(run.Cells, Cell(b, idle, active))
			}
		}
	}
	return run
}

// Idles are the fixture's idle counts.
var Idles = []int{0, 100, 1000, 5000}

// CostModel gives p99 µs and CPU µs per request for a backend.
func CostModel(backend string, idle, active int) (p99, cpu float64) {
	switch backend {
	case "poll", "select":
		return 20 + 0.02*float64(idle), 5 + 0.01*float64(idle)
	case "netpoll":
		return 30, 8
	}
	return 24, 6
}

// Cell is one fixture cell: three valid trials at 0.9×, 1× and 1.2× of the
// cost model and one flagged trial with absurd figures.
func Cell(backend string, idle, active int) results.Cell {
	c := results.Cell{CellKey: results.CellKey{Scenario: "echo", Backend: backend, Idle: idle, Active: active, Mode: "closed", MsgSize: 64, Handler: "echo"}}
	if backend == "select" && idle+active >= 1000 {
		c.NA = "select cannot watch fds >= FD_SETSIZE (1024)"
		return c
	}
	p99, cpu := CostModel(backend, idle, active)
	// Trials at 0.9×, 1×, 1.2× of the model: median 1×, spread 0.9–1.2.
	for i, f := range []float64{0.9, 1.0, 1.2} {
		c.Trials = append(c.Trials, Trial(i+1, backend, idle, active, p99*f, cpu*f))
	}
	bad := Trial(4, backend, idle, active, 1e6, 1e6)
	bad.Flags = []string{"idle-short"}
	c.Trials = append(c.Trials, bad)
	return c
}

// Trial is one valid fixture trial, number i (from 1), with the given p99
// and CPU per request.
func Trial(i int, backend string, idle, active int, p99, cpu float64) results.Trial {
	const requests = 10000
	sys := 3.0
	t := results.Trial{Index: i, Metrics: results.Metrics{
		Requests: requests, WindowSec: 1, ReqPerSec: 1e6 / p99 * float64(active),
		Latency:           results.Latency{P50: p99 / 2, P90: p99 * 0.8, P99: p99, P999: p99 * 1.5, Max: p99 * 3},
		ServerCPUUsPerReq: cpu, SyscallsPerReq: &sys,
		Backend:       server.Counters{WaitCalls: requests, FdsScanned: requests * uint64(1+idle+active)},
		IdleRequested: idle, IdleEstablished: idle,
	}}
	if backend == "netpoll" {
		t.Metrics.SyscallsPerReq, t.Metrics.SyscallsNA = nil, "perf refused for netpoll in fixture"
		t.Metrics.Backend.Unsupported = []string{"wait_calls", "fds_scanned"}
	}
	return t
}

// WithSearch adds to run a crossover search as bench crossover records
// it, synthetic like the rest: epoll_et against poll with 1 active
// connection, N* = 167 for CPU per request (the cost model's 6 ≤ 0.9 ·
// (5 + 0.01·N)) bracketed by probes at 150 and 190, N* = 333 for p99
// bracketed by 300 and 400, and the probe cells with ten paired rounds
// each (one poll trial flagged).
func WithSearch(run *results.Run) *results.Run {
	probe := func(n int, outcome string, ratio float64) results.CrossoverProbe {
		return results.CrossoverProbe{N: n, Outcome: outcome, Rounds: 10, Pairs: 10, Ratio: &ratio, Lo: results.Finite(ratio * 0.97), Hi: results.Finite(ratio * 1.03), P: 0.002}
	}
	c := results.Crossover{Subject: "epoll_et", Rival: "poll", Active: 1, Mode: "closed", Margin: 0.1, Confidence: 0.99,
		Paired: true, Width: 0.25, MaxN: 19800, PointTrials: 10, MaxPointTrials: 40, Budget: time.Minute, TrialBudget: 150,
		Started: run.Finished, Finished: run.Finished.Add(time.Minute), Trials: 80, Flagged: 1,
		Metrics: []results.CrossoverMetric{
			{Metric: "cpu_us_per_req", Outcome: results.OutcomeFound, NStar: 167, Lo: 150, Hi: 190, Narrow: true, UpTo: 5000,
				Probes: []results.CrossoverProbe{probe(150, results.ProbeNoWin, 0.92), probe(190, results.ProbeWin, 0.87)}},
			{Metric: "p99_us", Outcome: results.OutcomeFound, NStar: 333, Lo: 300, Hi: 400, UpTo: 5000,
				Probes: []results.CrossoverProbe{probe(300, results.ProbeNoWin, 0.92), probe(400, results.ProbeWin, 0.85)}},
		}}
	run.Crossovers = append(run.Crossovers, c)
	for _, n := range []int{150, 190, 300, 400} {
		for _, pair := range [][2]string{{"epoll_et", "poll"}, {"poll", "epoll_et"}} {
			cell := results.Cell{CellKey: results.CellKey{Scenario: results.ScenarioCrossover, Backend: pair[0], Rival: pair[1],
				Idle: n, Active: 1, Mode: "closed", MsgSize: 64, Handler: "echo"}}
			p99, cpu := CostModel(pair[0], n, 1)
			for i := range 10 {
				f := 1 + 0.01*float64(i%3)
				cell.Trials = append(cell.Trials, Trial(i, pair[0], n, 1, p99*f, cpu*f))
			}
			if pair[0] == "poll" && n == 150 {
				cell.Trials[4].Flags = []string{"cpu-contended"}
			}
			run.Cells = append(run.Cells, cell)
		}
	}
	return run
}
