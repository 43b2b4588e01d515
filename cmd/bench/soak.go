package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/muxbench/muxbench/internal/registry"
	"github.com/muxbench/muxbench/internal/soak"
)

func init() {
	register(command{
		name:    "soak",
		summary: "hold idle + active load on every backend; sample server fds, threads, RSS; report drift",
		run:     func(args []string) int { return runSoak(args, os.Stdout) },
	})
}

func parseSoak(args []string) (o soak.Options, out string, err error) {
	fs := flag.NewFlagSet("soak", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.DurationVar(&o.Duration, "duration", 5*time.Minute, "load time per backend")
	fs.DurationVar(&o.Interval, "interval", time.Second, "sampling interval")
	fs.IntVar(&o.Idle, "idle", 10000, "idle connections")
	fs.IntVar(&o.Active, "active", 16, "active connections (closed loop)")
	one := fs.String("backend", "", "one backend only (default: every backend)")
	fs.StringVar(&out, "out", "", "directory for soak.json and soak.md (default: print only)")
	if err := fs.Parse(args); err != nil {
		return o, out, err
	}
	switch {
	case fs.NArg() > 0:
		return o, out, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	case o.Duration <= 0 || o.Interval <= 0:
		return o, out, errors.New("--duration and --interval must be positive")
	case o.Idle < 0 || o.Active < 1:
		return o, out, errors.New("--idle must be >= 0 and --active >= 1")
	}
	o.Backends = registry.Names()
	if *one != "" {
		if _, err := registry.Lookup(*one); err != nil {
			return o, out, err
		}
		o.Backends = []string{*one}
	}
	return o, out, nil
}

func runSoak(args []string, stdout io.Writer) int {
	o, out, err := parseSoak(args)
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(os.Stderr, "usage: bench soak [--duration 5m] [--interval 1s] [--idle 10000] [--active 16] [--backend NAME] [--out DIR]")
		return exitOK
	}
	if err != nil {
		return fail(exitBadArgs, "soak: %v", err)
	}
	if o.Exe, err = os.Executable(); err != nil {
		return fail(exitFailed, "soak: %v", err)
	}
	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer cancel()
	var all []soak.Result
	code := exitOK
	soak.WriteHeader(stdout)
	for _, b := range o.Backends {
		r := soak.One(ctx, o, b)
		r.WriteLine(stdout)
		all = append(all, r)
		if !r.BackToBaseline() {
			code = exitFailed
		}
	}
	if out != "" {
		if err := soak.WriteFiles(out, o, all); err != nil {
			return fail(exitFailed, "soak: %v", err)
		}
	}
	return code
}
