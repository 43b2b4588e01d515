//go:build linux

package benchrun

import (
	"context"
	"fmt"
	"slices"

	"github.com/muxbench/muxbench/internal/results"
)

// overheadBackend is measured with and without counting, once per run.
const overheadBackend = "epoll_et"

// measureOverhead runs one cell (epoll_et, or the first backend, at 0 idle,
// 1 active, closed loop) with syscall counting and then without, and keeps
// both in Run.CountingOverhead. The pair is not part of the matrix.
func (r *runner) measureOverhead(ctx context.Context) error {
	b := overheadBackend
	if !slices.Contains(r.opts.Backends, b) {
		b = r.opts.Backends[0]
	}
	k := r.key(b, 0, 1, "closed")
	on, err := r.overheadTrial(ctx, k, true)
	if err != nil {
		return err
	}
	off, err := r.overheadTrial(ctx, k, false)
	if err != nil {
		return err
	}
	if !on.Valid() || !off.Valid() {
		r.prog.note(fmt.Sprintf("counting overhead not measured: with %v %s, without %v %s", on.Flags, on.Error, off.Flags, off.Error))
		return nil
	}
	r.run.CountingOverhead = &results.Overhead{
		Cell:        k,
		ReqPerSecOn: on.Metrics.ReqPerSec, ReqPerSecOff: off.Metrics.ReqPerSec,
		P50UsOn: on.Metrics.Latency.P50, P50UsOff: off.Metrics.Latency.P50,
		CPUUsPerReqOn: on.Metrics.ServerCPUUsPerReq, CPUUsPerReqOff: off.Metrics.ServerCPUUsPerReq,
	}
	return nil
}

func (r *runner) overheadTrial(ctx context.Context, k results.CellKey, count bool) (results.Trial, error) {
	g := &group{trial: -1, backend: k.Backend, idle: 0}
	defer g.close()
	r.openGroup(ctx, g, count, 1)
	tr := r.measureCell(ctx, g, k)
	if g.child != nil {
		g.child.stop()
	}
	return tr, context.Cause(ctx)
}
