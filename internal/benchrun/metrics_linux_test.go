package benchrun

import (
	"math"
	"testing"

	"github.com/muxbench/muxbench/internal/registry"
	"github.com/muxbench/muxbench/internal/results"
	"github.com/muxbench/muxbench/internal/server"
)

// TestSyscallsFromBackendCounters: without perf, the breakdown by name
// covers what the total counts: io_uring_enter for the completion ring,
// and not for a readiness backend, which makes none.
func TestSyscallsFromBackendCounters(t *testing.T) {
	tests := []struct {
		backend   string
		c         server.Counters
		wantEnter bool
	}{
		{backend: registry.IOUring, c: server.Counters{EnterCalls: 150, CtlSyscalls: 10}, wantEnter: true},
		{backend: registry.EpollET, c: server.Counters{WaitCalls: 100, Reads: 100, Writes: 100, AcceptCalls: 2}},
	}
	for _, tc := range tests {
		t.Run(tc.backend, func(t *testing.T) {
			m := results.Metrics{Requests: 100}
			g := &group{backend: tc.backend, child: &child{countNA: "perf off"}}
			(&runner{}).syscalls(&m, windowDelta{backend: tc.c}, g)
			var sum float64
			for _, v := range m.SyscallsByName {
				sum += v
			}
			if m.SyscallsPerReq == nil || *m.SyscallsPerReq != float64(tc.c.Syscalls())/100 || math.Abs(sum-*m.SyscallsPerReq) > 1e-9 {
				t.Errorf("total %v, by name %v (sum %v); want %v in both", m.SyscallsPerReq, m.SyscallsByName, sum, float64(tc.c.Syscalls())/100)
			}
			if enter, ok := m.SyscallsByName["io_uring_enter"]; ok != tc.wantEnter || enter != float64(tc.c.EnterCalls)/100 {
				t.Errorf("io_uring_enter = %v (present %v), want present %v", enter, ok, tc.wantEnter)
			}
		})
	}
}
