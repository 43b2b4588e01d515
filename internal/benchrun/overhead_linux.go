package benchrun

import (
	"context"
	"fmt"
	"slices"

	"github.com/muxbench/muxbench/internal/analysis"
	"github.com/muxbench/muxbench/internal/registry"
	"github.com/muxbench/muxbench/internal/results"
)

// overheadBackend is measured with and without counting, once per run.
const (
	overheadBackend  = registry.EpollET
	maxOverheadPairs = 3
)

// measureOverhead runs one cell (epoll_et, or the first backend, at 0 idle,
// 1 active, closed loop) with syscall counting and without, alternating, up
// to three pairs (one per trial), and keeps the medians in
// Run.CountingOverhead. These runs are not part of the matrix.
func (r *runner) measureOverhead(ctx context.Context) error {
	b := overheadBackend
	if !slices.Contains(r.opts.Backends, b) {
		b = r.opts.Backends[0]
	}
	k := r.key(b, 0, 1, "closed")
	var on, off []results.Metrics
	for i := 0; i < min(r.opts.Trials, maxOverheadPairs); i++ {
		for _, count := range []bool{true, false} {
			tr, err := r.overheadTrial(ctx, k, count)
			if err != nil {
				return err
			}
			if !tr.Valid() {
				r.prog.note(fmt.Sprintf("counting overhead (counting %v): trial flagged %v %s; not used", count, tr.Flags, tr.Error))
				continue
			}
			if count {
				on = append(on, tr.Metrics)
			} else {
				off = append(off, tr.Metrics)
			}
		}
	}
	if len(on) == 0 || len(off) == 0 {
		return nil
	}
	r.run.CountingOverhead = &results.Overhead{
		Cell:        k,
		ReqPerSecOn: median(on, reqPerSec), ReqPerSecOff: median(off, reqPerSec),
		P50UsOn: median(on, p50), P50UsOff: median(off, p50),
		CPUUsPerReqOn: median(on, cpuPerReq), CPUUsPerReqOff: median(off, cpuPerReq),
	}
	return nil
}

func reqPerSec(m results.Metrics) float64 { return m.ReqPerSec }
func p50(m results.Metrics) float64       { return m.Latency.P50 }
func cpuPerReq(m results.Metrics) float64 { return m.ServerCPUUsPerReq }

// median of one figure over trials (the lower middle for an even count).
func median(ms []results.Metrics, f func(results.Metrics) float64) float64 {
	v := make([]float64, len(ms))
	for i, m := range ms {
		v[i] = f(m)
	}
	return analysis.Median(v)
}

func (r *runner) overheadTrial(ctx context.Context, k results.CellKey, count bool) (results.Trial, error) {
	g := &group{trial: -1, counted: count, backend: k.Backend, idle: 0}
	defer g.close()
	r.openGroup(ctx, g, 1)
	tr := r.measureCell(ctx, g, k)
	if g.child != nil {
		g.child.stop()
	}
	return tr, context.Cause(ctx)
}
