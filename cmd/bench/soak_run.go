package main

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/muxbench/muxbench/internal/control"
	"github.com/muxbench/muxbench/internal/faults"
	"github.com/muxbench/muxbench/internal/loadgen"
	"github.com/muxbench/muxbench/internal/registry"
)

// soakOne soaks one backend: a serve child, the fleet and active load for
// the duration with the server sampled every interval, then the drift once
// every client is gone.
func soakOne(ctx context.Context, exe, backend string, o soakOptions) (r soakResult) {
	r.Backend = backend
	r.IdleRequested = o.idle
	if b := registry.MustLookup(backend); b.MaxConns(1) >= 0 && o.idle > b.MaxConns(1)-o.active {
		r.IdleRequested = b.MaxConns(1) - o.active
		r.Note = fmt.Sprintf("idle capped at %d: %s", r.IdleRequested, b.FdLimitWhy)
	}
	c, err := faults.StartChild(control.Spec{Exe: exe, Args: control.ServeArgs(backend)})
	if err != nil {
		r.Err = err.Error()
		return r
	}
	defer func() {
		if _, err := c.Stop(); err != nil && r.Err == "" {
			r.Err = "server exit: " + err.Error()
		}
	}()
	t := c.Target()
	if _, err := t.Counters(); err != nil {
		r.Err = err.Error()
		return r
	}
	if r.Baseline, err = faults.ReadResources(c.PID()); err != nil {
		r.Err = err.Error()
		return r
	}
	r.load(ctx, t, o, r.IdleRequested)
	if err := faults.AwaitIdle(ctx, t); err != nil && r.Err == "" {
		r.Err = err.Error()
	}
	if r.Final, err = faults.ReadResources(c.PID()); err == nil {
		r.Drift = r.Final.Sub(r.Baseline)
	}
	return r
}

// load runs the generator for the duration while sampling the server.
func (r *soakResult) load(ctx context.Context, t faults.Target, o soakOptions, idle int) {
	g, err := loadgen.Dial(ctx, loadgen.Config{Addrs: t.Addrs, Idle: idle, Active: o.active, Mode: loadgen.Closed})
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
		r.sample(t, o.interval, stop)
	}()
	res, err := g.Run(ctx, o.duration, nil)
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
func (r *soakResult) sample(t faults.Target, every time.Duration, stop <-chan struct{}) {
	start := time.Now()
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-stop:
			return
		case <-tick.C:
		}
		res, err := faults.ReadResources(t.PID)
		if err != nil {
			continue
		}
		s := soakSample{At: time.Since(start), Resources: res}
		if c, err := t.Counters(); err == nil {
			s.Active = c.Active
		}
		r.Samples = append(r.Samples, s)
		r.Peak.Fds, r.Peak.Sockets = max(r.Peak.Fds, res.Fds), max(r.Peak.Sockets, res.Sockets)
		r.Peak.Threads, r.Peak.RSSBytes = max(r.Peak.Threads, res.Threads), max(r.Peak.RSSBytes, res.RSSBytes)
	}
}
