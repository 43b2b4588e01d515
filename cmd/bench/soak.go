package main

import (
	"errors"
	"io"
	"os"
	"time"

	"github.com/muxbench/muxbench/internal/cli"
	"github.com/muxbench/muxbench/internal/soak"
)

func init() {
	register(command{
		name:    "soak",
		summary: "hold idle + active load on every backend; sample server fds, threads, RSS; report drift",
		run:     func(args []string) int { return runSoak(args, os.Stdout, os.Stderr) },
	})
}

func runSoak(args []string, stdout, stderr io.Writer) int {
	var o soak.Options
	fs := newFlags("soak", "[--duration 5m] [--interval 1s] [--idle 10000] [--active 16] [--backend NAME] [--out DIR]", stderr)
	fs.DurationVar(&o.Duration, "duration", 5*time.Minute, "load time per backend")
	fs.DurationVar(&o.Interval, "interval", time.Second, "sampling interval")
	fs.IntVar(&o.Idle, "idle", 10000, "idle connections")
	fs.IntVar(&o.Active, "active", 16, "active connections (closed loop)")
	one := fs.String("backend", "", "one backend only, by `name` (default: every backend)")
	out := fs.String("out", "", "`directory` for soak.json and soak.md (default: print only)")
	if code, done := fs.Exit(fs.Parse(args)); done {
		return code
	}
	var err error
	if o.Backends, err = backendsOrAll(*one); err != nil {
		return fs.BadArgs(err)
	}
	if err := checkSoak(o); err != nil {
		return fs.BadArgs(err)
	}
	if o.Exe, err = os.Executable(); err != nil {
		return fs.Fail(exitFailed, "%v", err)
	}
	ctx, cancel := cli.SignalContext()
	defer cancel()
	all, ok := soak.Run(ctx, o, stdout)
	if *out != "" {
		if err := soak.WriteFiles(*out, o, all); err != nil {
			return fs.Fail(exitFailed, "%v", err)
		}
	}
	if !ok {
		return exitFailed
	}
	return exitOK
}

func checkSoak(o soak.Options) error {
	switch {
	case o.Duration <= 0 || o.Interval <= 0:
		return errors.New("--duration and --interval must be positive")
	case o.Idle < 0 || o.Active < 1:
		return errors.New("--idle must be >= 0 and --active >= 1")
	}
	return nil
}
