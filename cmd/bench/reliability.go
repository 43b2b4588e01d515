package main

// bench reliability runs every fault scenario of internal/faults and the
// chaos client against every backend, each backend as a `bench serve
// --control` child so its fds, threads and RSS are its own, and writes
// results/reliability.{md,json}.

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"github.com/muxbench/muxbench/internal/registry"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"github.com/muxbench/muxbench/internal/chaos"
	"github.com/muxbench/muxbench/internal/control"
	"github.com/muxbench/muxbench/internal/faults"
	"github.com/muxbench/muxbench/internal/machine"
	"github.com/muxbench/muxbench/internal/results"
	"github.com/muxbench/muxbench/internal/rlimit"
)

func init() {
	register(command{
		name:    "reliability",
		summary: "inject faults and hostile clients into every backend; write results/reliability.{md,json}",
		run:     func(args []string) int { return runReliability(args, os.Stdout, os.Stderr) },
	})
}

// reliabilitySize is how big each scenario is.
type reliabilitySize struct {
	Resets, HalfOpen, FdLimit, FdFlood int
	Slow                               faults.SlowSpec
	Chaos                              chaos.Config
}

func sizeFor(quick bool) reliabilitySize {
	if quick {
		return reliabilitySize{Resets: 1000, HalfOpen: 200, FdLimit: 64, FdFlood: 192,
			Slow: faults.SlowSpec{Active: 4, Window: 500 * time.Millisecond, Slowloris: 1, SlowBytes: 3,
				SlowInterval: 200 * time.Millisecond, NonReaders: 100, NonReaderBytes: 8 << 20},
			Chaos: chaos.Config{Clients: 8, Duration: 2 * time.Second, MaxExchanges: 500, MaxMsg: 32 << 10, MaxDepth: 16}}
	}
	return reliabilitySize{Resets: 10000, HalfOpen: 1000, FdLimit: 128, FdFlood: 1000,
		Slow: faults.SlowSpec{Active: 4, Window: 3 * time.Second, Slowloris: 1, SlowBytes: 5,
			SlowInterval: time.Second, NonReaders: 100, NonReaderBytes: 32 << 20},
		Chaos: chaos.Config{Clients: 16, Duration: 10 * time.Second, MaxExchanges: 20000, MaxMsg: 64 << 10, MaxDepth: 16}}
}

// backendReliability is every figure measured for one backend.
type backendReliability struct {
	Backend   string                     `json:"backend"`
	Before    faults.Resources           `json:"server_before"`
	After     faults.Resources           `json:"server_after"`
	Leaks     faults.Resources           `json:"server_drift"`
	Reset     faults.ResetReport         `json:"reset_storm"`
	HalfOpen  faults.HalfOpenReport      `json:"half_open"`
	Slow      faults.SlowReport          `json:"slow_clients"`
	Chaos     *chaos.Report              `json:"chaos"`
	PortInUse faults.StartupReport       `json:"port_in_use"`
	FdLimit   faults.ServerFdLimitReport `json:"server_fd_limit"`
	// ServerExit is the child's exit after all of it ("" = clean exit 0).
	ServerExit string `json:"server_exit"`
	Err        string `json:"error,omitempty"`
}

// reliabilityReport is results/reliability.json.
type reliabilityReport struct {
	Machine     results.Machine      `json:"machine"`
	Started     time.Time            `json:"started"`
	Elapsed     time.Duration        `json:"elapsed_ns"`
	Quick       bool                 `json:"quick"`
	Size        reliabilitySize      `json:"size"`
	Backends    []backendReliability `json:"backends"`
	ConnRefused faults.StartupReport `json:"connection_refused"`
	GenFdLimit  faults.StartupReport `json:"generator_fd_limit"`
}

func runReliability(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("reliability", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	out := fs.String("out", "results", "directory for reliability.md and reliability.json")
	quick := fs.Bool("quick", false, "scaled-down scenarios (well under a minute)")
	only := fs.String("backend", "", "run one backend only (default: every backend)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(stderr, "usage: bench reliability [--out DIR] [--quick] [--backend NAME]")
			return exitOK
		}
		return fail(exitBadArgs, "reliability: %v (run 'bench reliability -h')", err)
	}
	if fs.NArg() > 0 {
		return fail(exitBadArgs, "reliability: unexpected argument %q (run 'bench reliability -h')", fs.Arg(0))
	}
	names := registry.Names()
	if *only != "" {
		if _, err := registry.Constructor(*only); err != nil {
			return fail(exitBadArgs, "reliability: %v", err)
		}
		names = []string{*only}
	}
	exe, err := os.Executable()
	if err != nil {
		return fail(exitFailed, "reliability: %v", err)
	}
	if _, err := rlimit.Raise(); err != nil {
		fmt.Fprintf(stderr, "bench: reliability: warning: %v\n", err)
	}
	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer cancel()
	rep := reliabilityReport{Machine: machine.Describe(), Started: time.Now(), Quick: *quick, Size: sizeFor(*quick)}
	for _, name := range names {
		fmt.Fprintf(stdout, "reliability: %s ...\n", name)
		rep.Backends = append(rep.Backends, runBackendFaults(ctx, exe, name, rep.Size))
	}
	rep.ConnRefused = faults.ConnRefused(ctx)
	rep.GenFdLimit = generatorFdLimit(ctx, exe)
	rep.Elapsed = time.Since(rep.Started)
	if err := writeReliability(*out, &rep); err != nil {
		return fail(exitFailed, "reliability: %v", err)
	}
	fmt.Fprint(stdout, renderReliability(&rep))
	if !rep.allSurvived() {
		return exitFailed
	}
	return exitOK
}

func runBackendFaults(ctx context.Context, exe, name string, size reliabilitySize) (r backendReliability) {
	r.Backend = name
	c, err := faults.StartChild(control.Spec{Exe: exe, Args: control.ServeArgs(name)})
	if err != nil {
		r.Err = err.Error()
		return r
	}
	t := c.Target()
	// One request first: the child's Go runtime opens its poller's fds on
	// its first read of the control pipe, which is not a leak.
	if _, err := t.Counters(); err != nil {
		r.Err = err.Error()
	}
	if r.Before, err = faults.ReadResources(c.PID()); err != nil {
		r.Err = err.Error()
	}
	r.Reset = faults.ResetStorm(ctx, t, size.Resets, 4)
	r.HalfOpen = faults.HalfOpen(ctx, t, size.HalfOpen, 4)
	r.Slow = faults.SlowClients(ctx, t, size.Slow)
	cc := size.Chaos
	cc.Addrs, cc.Seed = t.Addrs, uint64(time.Now().UnixNano())
	if r.Chaos, err = chaos.Run(ctx, cc); err != nil {
		r.Err = err.Error()
	}
	if err := faults.AwaitIdle(ctx, t); err != nil && r.Err == "" {
		r.Err = err.Error()
	}
	if r.After, err = faults.ReadResources(c.PID()); err == nil {
		r.Leaks = r.After.Sub(r.Before)
	}
	if _, err := c.Stop(); err != nil {
		r.ServerExit = err.Error()
	}
	r.PortInUse = faults.PortInUse(registry.MustLookup(name).New)
	r.FdLimit = serverFdLimit(ctx, exe, name, size)
	return r
}

// serverFdLimit runs the fd-limit flood against its own child, started
// under the low limit.
func serverFdLimit(ctx context.Context, exe, name string, size reliabilitySize) faults.ServerFdLimitReport {
	c, err := faults.StartChild(control.Spec{Exe: exe, Args: control.ServeArgs(name), FdLimit: size.FdLimit})
	if err != nil {
		return faults.ServerFdLimitReport{Limit: size.FdLimit, Err: err.Error()}
	}
	rep := faults.ServerFdLimit(ctx, c, size.FdLimit, size.FdFlood)
	if _, err := c.Stop(); err != nil && rep.Err == "" {
		rep.Err = "server exit: " + err.Error()
	}
	return rep
}

// generatorFdLimit runs cmd/loadgen, found beside this binary, under a low
// fd limit with a fleet that cannot fit.
func generatorFdLimit(ctx context.Context, exe string) faults.StartupReport {
	lg := filepath.Join(filepath.Dir(exe), "loadgen")
	if _, err := os.Stat(lg); err != nil {
		return faults.StartupReport{Fault: "fd limit too low for the generator's fleet",
			Err: "n/a: no loadgen binary beside bench (make build puts both in bin/)"}
	}
	args := []string{"--addr", "127.0.0.1:1", "--idle", strconv.Itoa(1000), "--duration", "1s"}
	return faults.GeneratorFdLimit(ctx, lg, args, 256)
}
