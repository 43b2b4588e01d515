package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/muxbench/muxbench/internal/benchrun"
	"github.com/muxbench/muxbench/internal/registry"
	"github.com/muxbench/muxbench/internal/report"
	"github.com/muxbench/muxbench/internal/results"
	"golang.org/x/term"
)

func init() {
	register(command{
		name:    "run",
		summary: "run the backend × idle × active benchmark matrix (make bench)",
		run:     func(args []string) int { return runBench(args, os.Stdout, os.Stderr) },
	})
}

// runFlags are bench run's flags as strings, applied over the profile only
// when given.
type runFlags struct {
	profile, backends, idle, active, modes, out, label, handler string
	scenarios                                                   string
	rate                                                        float64
	duration, warmup                                            time.Duration
	trials, msgSize, gomaxprocs                                 int
	noSyscalls, noReport                                        bool
}

func runBench(args []string, stdout, stderr io.Writer) int {
	opts, noReport, err := parseRun(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if err != nil {
		return fail(exitBadArgs, "run: %v", err)
	}
	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer cancel()
	fmt.Fprintf(stderr, "bench run: profile %s, %d backends, idle %s, active %s, %s; results in %s\n",
		opts.Name, len(opts.Backends), ints(opts.Idle), ints(opts.Active), strings.Join(opts.Modes, "+"), opts.OutDir)
	began := time.Now()
	run, runErr := benchrun.Run(ctx, opts)
	if run == nil {
		return fail(exitBadArgs, "run: %v", runErr)
	}
	fmt.Fprintf(stderr, "bench run: %s wall time; %s\n", time.Since(began).Round(time.Second), filepath.Join(opts.OutDir, "run.json"))
	if !noReport {
		if err := report.Write(opts.OutDir, run, stdout); err != nil {
			return fail(exitFailed, "run: report: %v", err)
		}
	}
	if runErr != nil {
		return fail(exitFailed, "run: stopped early: %v (the cells measured so far are in %s)", runErr, opts.OutDir)
	}
	if failed := failedTrials(run); len(failed) > 0 {
		return fail(exitFailed, "run: %d trial(s) failed (%s); every other cell was measured, all are in %s",
			len(failed), strings.Join(failed[:min(3, len(failed))], "; "), opts.OutDir)
	}
	return exitOK
}

// failureFlags mark a trial that did not measure the cell: the server died
// or answered wrongly, or the harness failed. The other gates (idle-short,
// rate-short, loadgen-bound, errors, ...) judge a measurement's quality.
var failureFlags = []string{"error", "server-exited", "verify-errors"}

// failedTrials names the trials that failed. bench run goes on past them
// and writes every result, then exits 1 so that make and CI notice the
// matrix is incomplete; flagged-but-measured trials leave the status 0.
func failedTrials(run *results.Run) []string {
	var out []string
	for _, c := range run.Cells {
		for _, tr := range c.Trials {
			if slices.ContainsFunc(tr.Flags, func(f string) bool { return slices.Contains(failureFlags, f) }) {
				out = append(out, fmt.Sprintf("%s t%d: %s", c.CellKey, tr.Index+1, strings.Join(tr.Flags, ",")))
			}
		}
	}
	return out
}

// parseRun builds the run's options: the profile, then the flags given.
func parseRun(args []string, stderr io.Writer) (benchrun.Options, bool, error) {
	var f runFlags
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&f.profile, "profile", "default", "matrix and timing: "+strings.Join(benchrun.ProfileNames(), ", "))
	fs.StringVar(&f.backends, "backends", "", "comma list of backends (default: the profile's)")
	fs.StringVar(&f.idle, "idle", "", `comma list of idle connection counts; "max" is the largest the fd limit allows`)
	fs.StringVar(&f.active, "active", "", "comma list of active connection counts")
	fs.StringVar(&f.modes, "mode", "", "comma list: closed, open")
	fs.Float64Var(&f.rate, "rate", 0, "total offered requests/s in open mode")
	fs.DurationVar(&f.duration, "duration", 0, "measurement window per cell and trial")
	fs.DurationVar(&f.warmup, "warmup", 0, "discarded warm-up before each window")
	fs.IntVar(&f.trials, "trials", 0, "trials per cell (interleaved across backends)")
	fs.IntVar(&f.msgSize, "msg-size", 0, "request size in bytes")
	fs.StringVar(&f.handler, "handler", "echo", "handler the idle sweep's servers run (its generator speaks echo; bulk runs rpc on its own)")
	fs.StringVar(&f.scenarios, "scenario", "", "comma list of scenarios: "+strings.Join(benchrun.AllScenarios, ", ")+" (default: the profile's; idle is the sweep)")
	fs.StringVar(&f.out, "out", "", "output directory (default results/<label>)")
	fs.StringVar(&f.label, "label", "", "run label (default HOST-YYYYMMDD-HHMMSS)")
	fs.IntVar(&f.gomaxprocs, "netpoll-gomaxprocs", 1, "GOMAXPROCS of the netpoll child (0: Go's default)")
	fs.BoolVar(&f.noSyscalls, "no-syscall-count", false, "do not count syscalls with perf (backend counters only)")
	fs.BoolVar(&f.noReport, "no-report", false, "write run.json and the .hlog files only")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(stderr, "usage: bench run [--profile smoke|quick|default|full] [flags]")
			fmt.Fprintln(stderr, "exit status: 0 every cell measured (quality flags such as loadgen-bound allowed); 1 a trial failed (server exited, harness error, verify errors) or the run was interrupted, results written all the same; 2 bad arguments")
			fs.SetOutput(stderr)
			fs.PrintDefaults()
		}
		return benchrun.Options{}, false, err
	}
	if fs.NArg() > 0 {
		return benchrun.Options{}, false, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	opts, err := f.options(fs)
	return opts, f.noReport, err
}

// options applies the flags that were given over the profile.
func (f *runFlags) options(fs *flag.FlagSet) (benchrun.Options, error) {
	p, err := benchrun.LookupProfile(f.profile)
	if err != nil {
		return benchrun.Options{}, err
	}
	set := map[string]bool{}
	fs.Visit(func(fl *flag.Flag) { set[fl.Name] = true })
	if err := f.override(&p, set); err != nil {
		return benchrun.Options{}, err
	}
	sweep := len(p.Scenarios) == 0 || slices.Contains(p.Scenarios, benchrun.ScenarioIdle)
	if f.handler != "echo" && sweep {
		return benchrun.Options{}, fmt.Errorf("--handler %s: the idle sweep's generator speaks echo only (bulk drives rpc itself; bench crosscheck drives sockperf)", f.handler)
	}
	exe, err := os.Executable()
	if err != nil {
		return benchrun.Options{}, fmt.Errorf("cannot find the bench binary to start servers: %w", err)
	}
	label := f.label
	if label == "" {
		host, _ := os.Hostname()
		label = fmt.Sprintf("%s-%s", host, time.Now().Format("20060102-150405"))
	}
	out := f.out
	if out == "" {
		out = filepath.Join("results", label)
	}
	o := benchrun.Options{
		Profile: p, Handler: f.handler, OutDir: out, Label: label, Exe: exe,
		SyscallCount: !f.noSyscalls, GoMaxProcs: f.gomaxprocs, Command: os.Args,
		Progress: os.Stderr, Terminal: term.IsTerminal(int(os.Stderr.Fd())),
	}
	return o, o.Validate()
}

// override sets the profile fields whose flags were given.
func (f *runFlags) override(p *benchrun.Profile, set map[string]bool) error {
	var err error
	if set["backends"] {
		p.Backends = splitList(f.backends)
		for _, b := range p.Backends {
			if _, err := registry.Constructor(b); err != nil {
				return err
			}
		}
	}
	if set["idle"] {
		if p.Idle, err = parseInts(f.idle, true); err != nil {
			return fmt.Errorf("--idle: %w", err)
		}
	}
	if set["active"] {
		if p.Active, err = parseInts(f.active, false); err != nil {
			return fmt.Errorf("--active: %w", err)
		}
	}
	if set["mode"] {
		p.Modes = splitList(f.modes)
	}
	if set["rate"] {
		p.Rate = f.rate
	}
	if set["duration"] {
		p.Duration = f.duration
	}
	if set["warmup"] {
		p.Warmup = f.warmup
	}
	if set["trials"] {
		p.Trials = f.trials
	}
	if set["scenario"] {
		p.Scenarios = splitList(f.scenarios)
		if err := benchrun.ValidateScenarios(p.Scenarios); err != nil {
			return fmt.Errorf("--scenario: %w", err)
		}
	}
	if set["msg-size"] {
		p.MsgSize = f.msgSize
	}
	return nil
}

func splitList(s string) []string {
	var out []string
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// parseInts reads a comma list of counts such as "0,100,10_000"; "max"
// stands for benchrun.MaxIdle when allowMax.
func parseInts(s string, allowMax bool) ([]int, error) {
	var out []int
	for _, v := range splitList(s) {
		if allowMax && v == "max" {
			out = append(out, benchrun.MaxIdle)
			continue
		}
		n, err := strconv.Atoi(strings.ReplaceAll(v, "_", ""))
		if err != nil || n < 0 {
			return nil, fmt.Errorf("%q is not a count", v)
		}
		out = append(out, n)
	}
	if len(out) == 0 {
		return nil, errors.New("empty list")
	}
	return out, nil
}

func ints(v []int) string {
	s := make([]string, len(v))
	for i, n := range v {
		if n == benchrun.MaxIdle {
			s[i] = "max"
			continue
		}
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ",")
}
