package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/muxbench/muxbench/internal/benchrun"
	"github.com/muxbench/muxbench/internal/cli"
)

func init() {
	register(command{
		name:    "crossover",
		summary: "measure from which idle count on one backend beats another: N* with its interval, per metric",
		run:     func(args []string) int { return runCrossover(args, os.Stdout, os.Stderr) },
	})
}

// crossoverFlags are bench crossover's own flags; the sweep's are bench
// run's.
type crossoverFlags struct {
	metrics, margin string
	budget          time.Duration
	seed            uint64
}

func runCrossover(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("crossover", "[--backends SUBJECT,RIVAL,...] [--active N,...] [--mode closed|open] [--metric cpu,p99] [--margin 10%] [--budget 3m] [flags]", stderr)
	fs.Note("A short sweep of the backends (--idle, the crossover profile's by default) fits the cost model; from its N̂* the search probes idle counts on a log scale in paired rounds, until N* is bracketed narrowly or the budget (per search) is spent. One search per rival (every backend after the first), active count and mode.",
		"exit status: as bench run's; a search that ends without an answer is reported, not a failure")
	var run runFlags
	var cf crossoverFlags
	fs.StringVar(&run.profile, "profile", "crossover", "the sweep's matrix and timing: "+strings.Join(benchrun.ProfileNames(), ", "))
	fs.StringVar(&run.backends, "backends", "", "comma `list`: the subject, then its rivals (default epoll_et,poll)")
	fs.StringVar(&run.active, "active", "", "comma `list` of active connection counts (default 1)")
	fs.StringVar(&run.modes, "mode", "", "comma `list`: closed, open (default closed)")
	fs.StringVar(&run.idle, "idle", "", "comma `list` of the sweep's idle counts; \"max\" is the largest the fd limit allows")
	fs.StringVar(&cf.metrics, "metric", "cpu,p99", "comma `list` of metrics, each with its own N*: "+strings.Join([]string{"cpu", "p50", "p99", "p999", "rate"}, ", ")+" or a catalogue name")
	fs.StringVar(&cf.margin, "margin", "10%", "how much better a win must be, its whole interval beyond it")
	fs.DurationVar(&cf.budget, "budget", 0, "time each search may take after the sweep (default the profile's)")
	fs.Uint64Var(&cf.seed, "seed", 0, "orders each round's two trials (default from the clock; recorded in run.json)")
	matrixFlags(fs, &run)
	run.handler = "echo"
	err := fs.Parse(args)
	var opts benchrun.Options
	if err == nil {
		run.finish = cf.searches
		opts, err = run.options(fs.FlagSet, stderr)
	}
	if code, done := fs.Exit(err); done {
		return code
	}
	opts.CrossoverSeed = cf.seed
	if cf.seed == 0 {
		opts.CrossoverSeed = uint64(time.Now().UnixNano())
	}
	return execute(fs, opts, run.reportAs(), stdout, stderr)
}

// searches sets the profile's searches. Without --backends, --active or
// --mode they are the profile's own; otherwise one per pair (the subject,
// the first of --backends, against each other; else the profile's
// pairs), active count and mode of the matrix as the flags left it.
// --metric, --margin and --budget apply to every search.
func (cf crossoverFlags) searches(p *benchrun.Profile, set map[string]bool) error {
	margin, err := cli.Percent(cf.margin)
	if err != nil {
		return fmt.Errorf("--margin: %w", err)
	}
	if set["backends"] || set["active"] || set["mode"] || len(p.Crossovers) == 0 {
		if p.Crossovers, err = benchrun.LayoutCrossovers(*p, set["backends"]); err != nil {
			return err
		}
	}
	for i := range p.Crossovers {
		s := &p.Crossovers[i]
		s.Metrics, s.Margin = cli.List(cf.metrics), margin
		if cf.budget > 0 {
			s.Budget = cf.budget
		}
	}
	return nil
}
