package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"golang.org/x/term"

	"github.com/muxbench/muxbench/internal/benchrun"
	"github.com/muxbench/muxbench/internal/cli"
	"github.com/muxbench/muxbench/internal/idlestate"
	"github.com/muxbench/muxbench/internal/registry"
	"github.com/muxbench/muxbench/internal/report"
	"github.com/muxbench/muxbench/internal/results"
)

func init() {
	register(command{
		name:    "run",
		summary: "run the backend × idle × active benchmark matrix (make bench)",
		run:     func(args []string) int { return runBench(args, os.Stdout, os.Stderr) },
	})
}

// idleWords are the words --idle takes beside counts.
var idleWords = map[string]int{"max": benchrun.MaxIdle}

// runFlags are bench run's flags as strings, applied over the profile only
// when given.
type runFlags struct {
	profile, backends, idle, active, modes, out, label, handler string
	scenarios, idleStates                                       string
	rate                                                        float64
	duration, warmup                                            time.Duration
	trials, msgSize, gomaxprocs, minPooled                      int
	noSyscalls, noReport, wide                                  bool
	// finish, when set, completes the profile after the flags were
	// applied (bench crossover sets its searches); set holds the flags
	// given.
	finish func(p *benchrun.Profile, set map[string]bool) error
}

func runBench(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("run", "[--profile "+strings.Join(benchrun.ProfileNames(), "|")+"] [flags]", stderr)
	fs.Note("exit status: 0 every cell measured (quality flags such as loadgen-bound allowed); 1 a trial failed (server exited, harness error, verify errors) or the run was interrupted, results written all the same; 2 bad arguments; 3 nothing to measure: every requested cell is n/a")
	opts, as, err := parseRun(fs, args, stderr)
	if code, done := fs.Exit(err); done {
		return code
	}
	return execute(fs, opts, as, stdout, stderr)
}

// wideUsage is --wide's help, on bench run and bench report.
const wideUsage = "tables with every column and the min–max spreads, on the terminal and in summary.md (default: 120 columns; tables-wide.md has every column either way)"

// reportAs is how a finished run is reported: not at all (--no-report),
// or with its tables in a layout (--wide: every column).
type reportAs struct {
	skip   bool
	layout report.Layout
}

// reportAs is the flags' choice of report.
func (f runFlags) reportAs() reportAs {
	as := reportAs{skip: f.noReport, layout: report.Narrow}
	if f.wide {
		as.layout = report.Wide
	}
	return as
}

// execute runs the matrix of opts (bench run, bench crossover), reports
// it and sets the exit status.
func execute(fs *cli.Flags, opts benchrun.Options, as reportAs, stdout, stderr io.Writer) int {
	if err := benchrun.Check(opts); err != nil {
		if errors.Is(err, benchrun.ErrNothingToMeasure) {
			return fs.Fail(exitNothingMeasured, "%v", err)
		}
		return fs.Fail(exitFailed, "%v", err)
	}
	ctx, cancel := cli.SignalContext()
	defer cancel()
	fmt.Fprintf(stderr, "%s: profile %s, %d backends, idle %s, active %s, %s; results in %s\n", fs.Name(),
		opts.Name, len(opts.Backends), cli.FormatCounts(opts.Idle, idleWords), cli.FormatCounts(opts.Active, nil), strings.Join(opts.Modes, "+"), opts.OutDir)
	began := time.Now()
	run, runErr := benchrun.Run(ctx, opts)
	if run == nil {
		return fs.Fail(exitFailed, "%v", runErr)
	}
	fmt.Fprintf(stderr, "%s: %s wall time; %s\n", fs.Name(), time.Since(began).Round(time.Second), filepath.Join(opts.OutDir, "run.json"))
	return finishRun(fs, run, runErr, opts.OutDir, as, stdout)
}

// finishRun renders the report and sets the exit status: a run stopped
// early or with failed trials exits 1, its results written all the same.
func finishRun(fs *cli.Flags, run *results.Run, runErr error, dir string, as reportAs, stdout io.Writer) int {
	if !as.skip {
		if err := report.WriteLayout(dir, run, stdout, as.layout); err != nil {
			return fs.Fail(exitFailed, "report: %v", err)
		}
	}
	if runErr != nil {
		return fs.Fail(exitFailed, "stopped early: %v (the cells measured so far are in %s)", runErr, dir)
	}
	if failed := benchrun.FailedTrials(run); len(failed) > 0 {
		return fs.Fail(exitFailed, "%d trial(s) failed (%s); every other cell was measured, all are in %s",
			len(failed), strings.Join(failed[:min(3, len(failed))], "; "), dir)
	}
	return exitOK
}

// parseRun builds the run's options: the profile, then the flags given.
func parseRun(fs *cli.Flags, args []string, stderr io.Writer) (benchrun.Options, reportAs, error) {
	var f runFlags
	fs.StringVar(&f.profile, "profile", "default", "matrix and timing: "+strings.Join(benchrun.ProfileNames(), ", "))
	fs.StringVar(&f.backends, "backends", "", "comma `list` of backends (default: the profile's)")
	fs.StringVar(&f.idle, "idle", "", "comma `list` of idle connection counts; \"max\" is the largest the fd limit allows")
	fs.StringVar(&f.active, "active", "", "comma `list` of active connection counts")
	fs.StringVar(&f.modes, "mode", "", "comma `list`: closed, open")
	fs.IntVar(&f.msgSize, "msg-size", 0, "request size in `bytes`")
	fs.StringVar(&f.handler, "handler", "echo", "handler the idle sweep's servers run (its generator speaks echo; bulk runs rpc on its own)")
	fs.StringVar(&f.scenarios, "scenario", "", "comma `list` of scenarios: "+strings.Join(benchrun.AllScenarios, ", ")+" (default: the profile's; idle is the sweep)")
	matrixFlags(fs, &f)
	if err := fs.Parse(args); err != nil {
		return benchrun.Options{}, reportAs{}, err
	}
	opts, err := f.options(fs.FlagSet, stderr)
	return opts, f.reportAs(), err
}

// matrixFlags are the timing and output flags bench run and bench
// crossover share.
func matrixFlags(fs *cli.Flags, f *runFlags) {
	fs.Float64Var(&f.rate, "rate", 0, "total offered requests/s in open mode")
	fs.DurationVar(&f.duration, "duration", 0, "measurement window per cell and trial")
	fs.DurationVar(&f.warmup, "warmup", 0, "discarded warm-up before each window")
	fs.IntVar(&f.trials, "trials", 0, "trials per cell (interleaved across backends)")
	fs.IntVar(&f.minPooled, "min-pooled", 0, "`replies` an open-loop cell's timed trials are sized to hold at the offered rate, so its pooled p99 rests on a hundredth of them (0: windows of --duration; default: the profile's)")
	fs.StringVar(&f.out, "out", "", "output `directory` (default results/<label>)")
	fs.StringVar(&f.label, "label", "", "run label (default HOST-YYYYMMDD-HHMMSS)")
	fs.IntVar(&f.gomaxprocs, "netpoll-gomaxprocs", 1, "GOMAXPROCS of the netpoll child (0: Go's default)")
	fs.BoolVar(&f.noSyscalls, "no-syscall-count", false, "do not count syscalls with perf (backend counters only)")
	fs.BoolVar(&f.noReport, "no-report", false, "write run.json and the .hlog files only")
	fs.BoolVar(&f.wide, "wide", false, wideUsage)
	fs.StringVar(&f.idleStates, "idle-states", string(idlestate.Poll), idleStatesUsage)
}

// idleStatesUsage is --idle-states' help, on bench run, crossover and
// crosscheck.
const idleStatesUsage = "CPU idle states while measuring: poll (hold /dev/cpu_dma_latency at 0 µs, as cyclictest does: no vCPU halts between requests where the cpuidle driver has a POLL state; needs root) or os (leave them to the OS)"

// options applies the flags that were given over the profile.
func (f *runFlags) options(fs *flag.FlagSet, stderr io.Writer) (benchrun.Options, error) {
	p, err := benchrun.LookupProfile(f.profile)
	if err != nil {
		return benchrun.Options{}, err
	}
	set := map[string]bool{}
	fs.Visit(func(fl *flag.Flag) { set[fl.Name] = true })
	if err := f.override(&p, set); err != nil {
		return benchrun.Options{}, err
	}
	if f.finish != nil {
		if err := f.finish(&p, set); err != nil {
			return benchrun.Options{}, err
		}
	}
	sweep := len(p.Scenarios) == 0 || slices.Contains(p.Scenarios, benchrun.ScenarioIdle)
	if f.handler != "echo" && sweep {
		return benchrun.Options{}, fmt.Errorf("--handler %s: the idle sweep's generator speaks echo only (bulk drives rpc itself; bench crosscheck drives sockperf)", f.handler)
	}
	exe, err := os.Executable()
	if err != nil {
		return benchrun.Options{}, fmt.Errorf("cannot find the bench binary to start servers: %w", err)
	}
	idle, err := idlestate.ParseMode(f.idleStates)
	if err != nil {
		return benchrun.Options{}, err
	}
	label, out := f.where()
	o := benchrun.Options{
		Profile: p, Handler: f.handler, OutDir: out, Label: label, Exe: exe,
		SyscallCount: !f.noSyscalls, GoMaxProcs: f.gomaxprocs, IdleStates: idle, Command: os.Args,
		Progress: stderr, Terminal: isTerminal(stderr),
	}
	return o, o.Validate()
}

// where is the run's label and output directory, defaults filled in.
func (f *runFlags) where() (label, out string) {
	label, out = f.label, f.out
	if label == "" {
		host, _ := os.Hostname()
		label = fmt.Sprintf("%s-%s", host, time.Now().Format("20060102-150405"))
	}
	if out == "" {
		out = filepath.Join("results", label)
	}
	return label, out
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// override sets the profile fields whose flags were given.
func (f *runFlags) override(p *benchrun.Profile, set map[string]bool) error {
	if set["backends"] {
		p.Backends = cli.List(f.backends)
		for _, b := range p.Backends {
			if _, err := registry.Lookup(b); err != nil {
				return err
			}
		}
	}
	if err := f.overrideCounts(p, set); err != nil {
		return err
	}
	if set["scenario"] {
		p.Scenarios = cli.List(f.scenarios)
		if err := benchrun.ValidateScenarios(p.Scenarios); err != nil {
			return fmt.Errorf("--scenario: %w", err)
		}
	}
	if set["mode"] {
		p.Modes = cli.List(f.modes)
	}
	f.overrideScalars(p, set)
	return nil
}

func (f *runFlags) overrideCounts(p *benchrun.Profile, set map[string]bool) error {
	var err error
	if set["idle"] {
		if p.Idle, err = cli.Counts(f.idle, idleWords); err != nil {
			return fmt.Errorf("--idle: %w", err)
		}
		p.ReferenceIdle = nil // the counts asked for, for every backend
	}
	if set["active"] {
		if p.Active, err = cli.Counts(f.active, nil); err != nil {
			return fmt.Errorf("--active: %w", err)
		}
	}
	return nil
}

func (f *runFlags) overrideScalars(p *benchrun.Profile, set map[string]bool) {
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
	if set["min-pooled"] {
		p.MinPooled = f.minPooled
	}
	if set["msg-size"] {
		p.MsgSize = f.msgSize
	}
}
