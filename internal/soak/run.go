package soak

import (
	"context"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/muxbench/muxbench/internal/control"
	"github.com/muxbench/muxbench/internal/faults"
	"github.com/muxbench/muxbench/internal/loadgen"
	"github.com/muxbench/muxbench/internal/procstat"
	"github.com/muxbench/muxbench/internal/registry"
)

// One soaks one backend: a serve child, the fleet and active load for the
// duration with the server sampled every interval, then the drift once
// every client is gone.
func One(ctx context.Context, o Options, backend string) (r Result) {
	r.Backend = backend
	r.IdleRequested = o.Idle
	if b := registry.MustLookup(backend); b.MaxConns(1) >= 0 && o.Idle > b.MaxConns(1)-o.Active {
		r.IdleRequested = b.MaxConns(1) - o.Active
		r.Note = fmt.Sprintf("idle capped at %d: %s", r.IdleRequested, b.FdLimitWhy)
	}
	c, err := faults.StartChild(control.Spec{Exe: o.Exe, Args: control.ServeArgs(backend)})
	if err != nil {
		r.Err = err.Error()
		return r
	}
	defer func() {
		if _, err := c.Stop(); err != nil && r.Err == "" {
			r.Err = "server exit: " + err.Error()
		}
	}()
	r.soak(ctx, c.Target(), o)
	return r
}

// soak reads the baseline, holds the load and reads the drift.
func (r *Result) soak(ctx context.Context, t faults.Target, o Options) {
	if _, err := t.Counters(); err != nil {
		r.Err = err.Error()
		return
	}
	var err error
	if r.Baseline, err = procstat.ReadResources(t.PID); err != nil {
		r.Err = err.Error()
		return
	}
	r.load(ctx, t, o, r.IdleRequested)
	if err := faults.AwaitIdle(ctx, t); err != nil && r.Err == "" {
		r.Err = err.Error()
	}
	if r.Final, err = procstat.ReadResources(t.PID); err == nil {
		r.Drift = r.Final.Sub(r.Baseline)
	}
}

// load runs the generator for the duration while sampling the server.
func (r *Result) load(ctx context.Context, t faults.Target, o Options, idle int) {
	g, err := loadgen.Dial(ctx, loadgen.Config{Addrs: t.Addrs, Idle: idle, Active: o.Active, Mode: loadgen.Closed})
	if err != nil {
		r.Err = err.Error()
		return
	}
	defer g.Close()
	r.Idle = g.IdleHeld()
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		r.sample(t, o.Interval, stop)
	}()
	res, err := g.Run(ctx, o.Duration, nil)
	close(stop)
	wg.Wait()
	if res != nil {
		r.Requests, r.Errors = res.Received, res.Errors
	}
	if err != nil && r.Err == "" {
		r.Err = err.Error()
	}
}

// sample reads the server every interval until stop, keeping the peak.
func (r *Result) sample(t faults.Target, every time.Duration, stop <-chan struct{}) {
	start := time.Now()
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-stop:
			return
		case <-tick.C:
		}
		res, err := procstat.ReadResources(t.PID)
		if err != nil {
			continue
		}
		s := Sample{At: time.Since(start), Resources: res}
		if c, err := t.Counters(); err == nil {
			s.Active = c.Active
		}
		r.Samples = append(r.Samples, s)
		r.peak(res)
	}
}

// Run soaks every backend of o in turn, printing each one's line under a
// header as it finishes; ok says every one went back to its baseline.
func Run(ctx context.Context, o Options, w io.Writer) (all []Result, ok bool) {
	ok = true
	WriteHeader(w)
	for _, b := range o.Backends {
		r := One(ctx, o, b)
		r.WriteLine(w)
		all = append(all, r)
		ok = ok && r.BackToBaseline()
	}
	return all, ok
}
