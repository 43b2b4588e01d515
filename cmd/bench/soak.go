package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/muxbench/muxbench/internal/faults"
	"github.com/muxbench/muxbench/internal/loadgen"
	"github.com/muxbench/muxbench/internal/registry"
)

func init() {
	register(command{
		name:    "soak",
		summary: "hold idle + active load on every backend; sample server fds, threads, RSS; report drift",
		run:     func(args []string) int { return runSoak(args, os.Stdout) },
	})
}

type soakOptions struct {
	duration, interval time.Duration
	idle, active       int
	backends           []string
	out                string
}

// soakSample is one sample of the server during the soak.
type soakSample struct {
	At        time.Duration    `json:"at_ns"`
	Resources faults.Resources `json:"server"`
	Active    uint64           `json:"active_conns"`
}

// soakResult is one backend's soak.
type soakResult struct {
	Backend  string           `json:"backend"`
	Baseline faults.Resources `json:"baseline"`
	Peak     faults.Resources `json:"peak"`
	Final    faults.Resources `json:"final"`
	Drift    faults.Resources `json:"drift"`
	Samples  []soakSample     `json:"samples"`
	Requests uint64           `json:"requests"`
	Errors   loadgen.Errors   `json:"errors"`
	Idle     int              `json:"idle_held"`
	// IdleRequested is the fleet asked for (select's is capped, see Note).
	IdleRequested int    `json:"idle_requested"`
	Note          string `json:"note,omitempty"`
	Err           string `json:"error,omitempty"`
}

// backToBaseline: no socket left behind and no request failed.
func (r *soakResult) backToBaseline() bool {
	return r.Err == "" && r.Drift.Sockets == 0 && r.Errors.Verify() == 0
}

func parseSoak(args []string) (soakOptions, error) {
	o := soakOptions{}
	fs := flag.NewFlagSet("soak", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.DurationVar(&o.duration, "duration", 5*time.Minute, "load time per backend")
	fs.DurationVar(&o.interval, "interval", time.Second, "sampling interval")
	fs.IntVar(&o.idle, "idle", 10000, "idle connections")
	fs.IntVar(&o.active, "active", 16, "active connections (closed loop)")
	one := fs.String("backend", "", "one backend only (default: every backend)")
	fs.StringVar(&o.out, "out", "", "directory for soak.json and soak.md (default: print only)")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	switch {
	case fs.NArg() > 0:
		return o, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	case o.duration <= 0 || o.interval <= 0:
		return o, errors.New("--duration and --interval must be positive")
	case o.idle < 0 || o.active < 1:
		return o, errors.New("--idle must be >= 0 and --active >= 1")
	}
	o.backends = registry.Names()
	if *one != "" {
		if _, err := registry.Constructor(*one); err != nil {
			return o, err
		}
		o.backends = []string{*one}
	}
	return o, nil
}

func runSoak(args []string, stdout io.Writer) int {
	o, err := parseSoak(args)
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(os.Stderr, "usage: bench soak [--duration 5m] [--interval 1s] [--idle 10000] [--active 16] [--backend NAME] [--out DIR]")
		return exitOK
	}
	if err != nil {
		return fail(exitBadArgs, "soak: %v", err)
	}
	exe, err := os.Executable()
	if err != nil {
		return fail(exitFailed, "soak: %v", err)
	}
	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer cancel()
	var all []soakResult
	code := exitOK
	fmt.Fprintf(stdout, "%-9s %9s %6s %8s %18s %22s %s\n", "backend", "requests", "errors", "idle", "peak fds/thr/RSS", "drift sock/fds/thr/RSS", "baseline")
	for _, b := range o.backends {
		r := soakOne(ctx, exe, b, o)
		all = append(all, r)
		fmt.Fprintf(stdout, "%-9s %9d %6d %8d %6d/%3d/%7s %+5d/%+4d/%+3d/%8s %s %s\n", b, r.Requests, r.Errors.Verify()+r.Errors.Timeout,
			r.Idle, r.Peak.Fds, r.Peak.Threads, mib(r.Peak.RSSBytes), r.Drift.Sockets, r.Drift.Fds, r.Drift.Threads,
			mib(r.Drift.RSSBytes), yesNo(r.backToBaseline()), r.Err)
		if !r.backToBaseline() {
			code = exitFailed
		}
	}
	if o.out != "" {
		if err := writeJSONFile(filepath.Join(o.out, "soak.json"), all); err != nil {
			return fail(exitFailed, "soak: %v", err)
		}
		if err := writeSoakMarkdown(filepath.Join(o.out, "soak.md"), o, all); err != nil {
			return fail(exitFailed, "soak: %v", err)
		}
	}
	return code
}

func writeJSONFile(path string, v any) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	js, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(js, '\n'), 0o644)
}
