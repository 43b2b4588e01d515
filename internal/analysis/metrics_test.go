package analysis

import (
	"testing"

	"github.com/muxbench/muxbench/internal/results"
)

// TestContextSwitchSplit: the voluntary/involuntary split and the CPU
// outside the loop read as recorded, and a trial from before the split
// (switches counted, none split) gets a reason, not a zero.
func TestContextSwitchSplit(t *testing.T) {
	tests := []struct {
		name    string
		metric  string
		m       results.Metrics
		want    float64
		wantErr bool
	}{
		{name: "voluntary", metric: "server_voluntary_ctx_switches_per_req",
			m: results.Metrics{CtxSwitchesPerReq: 0.3, ServerVoluntaryCtxSwitchesPerReq: 0.2, ServerInvoluntaryCtxSwitchesPerReq: 0.1}, want: 0.2},
		{name: "involuntary", metric: "server_involuntary_ctx_switches_per_req",
			m: results.Metrics{CtxSwitchesPerReq: 0.3, ServerVoluntaryCtxSwitchesPerReq: 0.2, ServerInvoluntaryCtxSwitchesPerReq: 0.1}, want: 0.1},
		{name: "outside loop", metric: "server_cpu_outside_loop_pct",
			m: results.Metrics{CtxSwitchesPerReq: 0.3, ServerVoluntaryCtxSwitchesPerReq: 0.3, ServerCPUOutsideLoopPct: 14}, want: 14},
		{name: "no switches at all", metric: "server_voluntary_ctx_switches_per_req", m: results.Metrics{}, want: 0},
		{name: "before the split", metric: "server_involuntary_ctx_switches_per_req", m: results.Metrics{CtxSwitchesPerReq: 0.3}, wantErr: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, ok := MetricByName(tc.metric)
			if !ok {
				t.Fatalf("%s not in the catalogue", tc.metric)
			}
			got, why := m.Value(results.Trial{Metrics: tc.m})
			if (why != "") != tc.wantErr || got != tc.want {
				t.Fatalf("Value = %v, %q; want %v, reason %v", got, why, tc.want, tc.wantErr)
			}
		})
	}
}
