// Command loadgen drives any TCP echo server: it holds a fleet of idle
// connections, drives a few active ones in closed or open loop, verifies
// every echoed byte and reports HDR latency percentiles, its own CPU cost
// per request, a liveness sweep of the idle fleet, and optional JSON and
// HdrHistogram interval logs. All the work is in internal/loadgen.
//
// Exit status: 0 passed; 1 the run failed (verification errors, an
// unreachable server, the server went away: the results so far are still
// printed and written); 2 bad input, a fleet beyond the fd limit included
// (one line on stderr); 130 interrupted (what was measured is printed and
// written). --version prints the module version and the commit.
//
// GOMAXPROCS stays as the runtime sized it at start, as in cmd/bench (its
// package comment says why).
//
//go:debug updatemaxprocs=0
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/muxbench/muxbench/internal/cli"
	"github.com/muxbench/muxbench/internal/loadgen"
	"github.com/muxbench/muxbench/internal/rlimit"
	"github.com/muxbench/muxbench/internal/version"
)

const (
	exitOK          = cli.ExitOK
	exitFailed      = cli.ExitFailed
	exitBadArgs     = cli.ExitBadArgs
	exitInterrupted = 130
)

// options are the parsed flags beyond the generator's Config.
type options struct {
	cfg              loadgen.Config
	duration, warmup time.Duration
	jsonPath         string
	hlogPath         string
	quiet, version   bool
}

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	fs := cli.NewFlags("loadgen", "--addr HOST:PORT[,...] [flags]",
		"hold idle connections, drive active ones against any echo server, verify every byte, report HDR latency", stderr)
	fs.Note("exit status: 0 passed; 1 the run failed (verify errors, an unreachable server, the server went away); 2 bad input (a fleet beyond the fd limit included); 130 interrupted")
	opts, err := parseFlags(fs, args)
	if code, done := fs.Exit(err); done {
		return code
	}
	if opts.version {
		fmt.Fprintln(stdout, "loadgen", version.Get())
		return exitOK
	}
	files, err := rlimit.Raise()
	if err != nil {
		return fail(stderr, exitFailed, "%v", err)
	}
	ctx, stop := cli.SignalContext()
	defer stop()
	g, err := loadgen.Dial(ctx, opts.cfg)
	if err != nil {
		return fail(stderr, dialExit(err), "%v", err)
	}
	defer g.Close()
	if !opts.quiet {
		f := g.Fleet()
		fmt.Fprintf(stderr, "loadgen: idle connections requested %d, established %d in %v\n", f.Requested, f.Established, f.Elapsed.Round(time.Millisecond))
	}
	return measure(ctx, g, opts, files, stdout, stderr)
}

// measure runs the warm-up and the window, sweeps the fleet, and reports.
func measure(ctx context.Context, g *loadgen.Generator, opts options, files rlimit.Files, stdout, stderr io.Writer) int {
	if opts.warmup > 0 {
		if _, err := g.Run(ctx, opts.warmup, nil); err != nil {
			return fail(stderr, exitFailed, "warm-up: %v", err)
		}
	}
	res, runErr := g.Run(ctx, opts.duration, nil)
	rep := &loadgen.Report{
		Schema: loadgen.ReportSchema, Tool: version.Get(),
		Params: loadgen.Params{Config: opts.cfg.WithDefaults(), Duration: opts.duration,
			Warmup: opts.warmup, FdSoft: files.Soft, FdHard: files.Hard},
		Fleet: g.Fleet(), Result: res, Failure: res.Failure(),
	}
	if runErr == nil {
		sw := g.Sweep(ctx)
		rep.Sweep = &sw
	}
	code := report(rep, opts, stdout, stderr)
	switch {
	case errors.Is(runErr, context.Canceled):
		return exitInterrupted
	case rep.Failure != "":
		fmt.Fprintf(stderr, "loadgen: FAILED: %s (errors: %v)\n", rep.Failure, res.Errors.Map())
		return exitFailed
	}
	return code
}

// report prints the tables and writes the files; a file that cannot be
// written fails the run.
func report(rep *loadgen.Report, opts options, stdout, stderr io.Writer) int {
	if !opts.quiet {
		if err := loadgen.WriteTable(stdout, rep); err != nil {
			return fail(stderr, exitFailed, "table: %v", err)
		}
	}
	if opts.jsonPath != "" {
		if err := loadgen.WriteJSON(opts.jsonPath, rep); err != nil {
			return fail(stderr, exitFailed, "--json: %v", err)
		}
	}
	if opts.hlogPath != "" {
		if err := writeHlog(opts.hlogPath, rep.Result); err != nil {
			return fail(stderr, exitFailed, "--hlog: %v", err)
		}
	}
	return exitOK
}

func writeHlog(path string, res *loadgen.Result) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := loadgen.WriteHlog(f, res); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// dialExit is the exit status of a failed Dial: a fleet that cannot fit
// the fd limit is bad input, anything else (refused, unreachable) a failed
// run.
func dialExit(err error) int {
	var le *loadgen.LimitError
	if errors.As(err, &le) {
		return exitBadArgs
	}
	return exitFailed
}

func fail(w io.Writer, code int, format string, args ...any) int {
	return cli.Fail(w, "loadgen", code, format, args...)
}
