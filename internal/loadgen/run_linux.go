//go:build linux

package loadgen

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// Hooks are called at the exact edges of the measurement window, on the
// caller's goroutine: Start just before the first request of the window
// is scheduled, End as soon as the window closes (before the replies
// still in flight are drained). Either may be nil.
type Hooks struct {
	Start func()
	End   func()
}

// Run drives the active connections for d (and pings the idle ones when
// IdlePing is set) and returns what it measured. It always returns a
// Result; the error says why the window ended early (ctx cancelled, the
// server gone), and Result.Stopped repeats it. Call Run once with the
// warm-up duration and discard that result, then again to measure.
func (g *Generator) Run(ctx context.Context, d time.Duration, hooks *Hooks) (*Result, error) {
	if hooks == nil {
		hooks = &Hooks{}
	}
	var stop atomic.Bool
	if hooks.Start != nil {
		hooks.Start()
	}
	cpu0, cpuErr := processCPU()
	started := time.Now()
	wn := window{start: int64(started.Sub(g.base)), stop: &stop}
	wn.end = wn.start + int64(d)
	finished := make(chan *driver, len(g.drivers))
	var wg sync.WaitGroup
	for _, drv := range g.drivers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			drv.fatal = nil
			drv.run(wn)
			finished <- drv
		}()
	}
	ping := g.startPinger(&stop, started.Add(d), &wg)
	stopped := g.awaitWindow(ctx, d, finished)
	if hooks.End != nil {
		hooks.End()
	}
	cpu1, cpuErr1 := processCPU()
	windowLen := time.Since(started)
	if stopped != nil {
		stop.Store(true)
	}
	wg.Wait()
	res := g.merge(started, min(windowLen, d), stopped)
	res.IdlePing = ping.report()
	if cpuErr == nil && cpuErr1 == nil {
		res.CPU = cpuOver(cpu0, cpu1, res.Received)
	}
	return res, stopped
}

// awaitWindow waits for the window to pass, ctx to end, or a driver to
// give up early, and says why it ended early (nil: it did not).
func (g *Generator) awaitWindow(ctx context.Context, d time.Duration, finished chan *driver) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("stopped early: %w", context.Cause(ctx))
	case drv := <-finished:
		finished <- drv
		if drv.fatal != nil {
			return fmt.Errorf("server lost: %w", drv.fatal)
		}
		return nil
	}
}

// pingRun is a running pinger, nil when idle pings are off.
type pingRun struct{ p *pinger }

func (pr *pingRun) report() *IdlePingReport {
	if pr.p == nil {
		return nil
	}
	r := pr.p.report
	return &r
}

func (g *Generator) startPinger(stop *atomic.Bool, deadline time.Time, wg *sync.WaitGroup) *pingRun {
	if g.cfg.IdlePing <= 0 || g.fleet.live() == 0 {
		return &pingRun{}
	}
	g.runs++
	p := newPinger(g.fleet, g.cfg.IdlePing, g.runs)
	wg.Add(1)
	go func() {
		defer wg.Done()
		p.run(stop, deadline, g.cfg.Timeout)
	}()
	return &pingRun{p: p}
}

func cpuOver(a, b cpuTimes, reqs uint64) CPU {
	c := CPU{UserSec: (b.user - a.user).Seconds(), SysSec: (b.sys - a.sys).Seconds()}
	if reqs > 0 {
		c.UsPerReq = (c.UserSec + c.SysSec) * 1e6 / float64(reqs)
	}
	return c
}
