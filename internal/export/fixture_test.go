package export

import (
	"github.com/muxbench/muxbench/internal/results"
	"github.com/muxbench/muxbench/internal/server"
	"github.com/muxbench/muxbench/internal/version"
)

// spread are the trials' factors around a cell's figure: six valid trials,
// enough for benchstat's interval (6) and its test (4).
var spread = []float64{0.95, 1, 1.05, 0.97, 1.03, 0.99}

// fixture is a synthetic run, not a measurement: poll and epoll_et at 0
// and 1,000 idle connections, six valid trials each around a p99 that
// grows with idle connections for poll, one counted trial with the
// syscall figures, and one flagged trial with absurd figures. slow
// multiplies poll's figures at 1,000 idle connections.
func fixture(commit string, slow float64) *results.Run {
	run := &results.Run{Schema: results.SchemaVersion, Label: "fixture",
		Tool:    &version.Info{Version: "(devel)", Commit: commit, GOOS: "linux", GOARCH: "amd64"},
		Machine: results.Machine{CPUModel: "Test CPU @ 2.50GHz", Kernel: "Linux 6.18.0 #1 SMP", GoVersion: "go1.26.8"}}
	for _, b := range []string{"poll", "epoll_et"} {
		for _, idle := range []int{0, 1000} {
			p99 := 20.0
			if b == "poll" {
				p99 += float64(idle) / 10
				if idle == 1000 {
					p99 *= slow
				}
			}
			run.Cells = append(run.Cells, fixtureCell(b, idle, p99))
		}
	}
	return run
}

func fixtureCell(backend string, idle int, p99 float64) results.Cell {
	c := results.Cell{CellKey: results.CellKey{Scenario: "echo", Backend: backend, Idle: idle, Active: 1, Mode: "closed", MsgSize: 64, Handler: "echo"}}
	for i, f := range spread {
		c.Trials = append(c.Trials, fixtureTrial(i+1, p99*f, 1000))
	}
	counted := fixtureTrial(len(spread)+1, p99, 1000)
	counted.Counted = true
	bad := fixtureTrial(len(spread)+2, 1e9, 1000)
	bad.Flags = []string{"verify-errors"}
	return results.Cell{CellKey: c.CellKey, Trials: append(c.Trials, counted, bad)}
}

func fixtureTrial(i int, p99 float64, requests uint64) results.Trial {
	sys := 3.2
	return results.Trial{Index: i, Metrics: results.Metrics{Requests: requests, ReqPerSec: 1e6 / p99,
		Latency: results.Latency{P50: p99 / 2, P99: p99, P999: p99 * 2, Max: p99 * 3}, ServerCPUUsPerReq: p99 / 4,
		SyscallsPerReq: &sys, ServerRSSBytes: 12 << 20,
		Backend: server.Counters{WaitCalls: requests, Reads: requests, Writes: requests}}}
}
