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
