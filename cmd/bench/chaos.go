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

	"github.com/muxbench/muxbench/internal/chaos"
	"github.com/muxbench/muxbench/internal/loadgen"
)

func init() {
	register(command{
		name:    "chaos",
		summary: "hostile echo client: random sizes, pipelining, half-closes and resets, every byte verified",
		run:     func(args []string) int { return runChaos(args, os.Stdout) },
	})
}

func runChaos(args []string, stdout io.Writer) int {
	var cfg chaos.Config
	fs := flag.NewFlagSet("chaos", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	addrs := fs.String("addr", "", "echo server HOST:PORT[,HOST:PORT...]")
	fs.IntVar(&cfg.Clients, "clients", 8, "concurrent clients")
	fs.DurationVar(&cfg.Duration, "duration", 10*time.Second, "run time bound")
	fs.IntVar(&cfg.MaxExchanges, "max-exchanges", 10000, "exchange count bound")
	fs.IntVar(&cfg.MaxMsg, "max-msg", chaos.DefaultMaxMsg, "largest message in bytes")
	fs.IntVar(&cfg.MaxDepth, "max-depth", chaos.DefaultMaxDepth, "deepest pipelined batch")
	fs.Uint64Var(&cfg.Seed, "seed", uint64(time.Now().UnixNano()), "random seed (printed, to repeat a run)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "usage: bench chaos --addr HOST:PORT [--clients N] [--duration D] [--max-exchanges N] [--max-msg B] [--max-depth N] [--seed S]")
			return exitOK
		}
		return fail(exitBadArgs, "chaos: %v (run 'bench chaos -h')", err)
	}
	if fs.NArg() > 0 {
		return fail(exitBadArgs, "chaos: unexpected argument %q (run 'bench chaos -h')", fs.Arg(0))
	}
	list, err := loadgen.ParseAddrs(*addrs)
	if *addrs == "" || err != nil {
		return fail(exitBadArgs, "chaos: --addr HOST:PORT is required (%v)", err)
	}
	cfg.Addrs = list
	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer cancel()
	rep, err := chaos.Run(ctx, cfg)
	if err != nil {
		return fail(exitBadArgs, "chaos: %v", err)
	}
	fmt.Fprintf(stdout, "chaos: seed %d, %v: %d connections, %d exchanges (%d messages) verified, %d bytes verified\n",
		rep.Config.Seed, rep.Elapsed.Round(time.Millisecond), rep.Conns, rep.Exchanges, rep.Messages, rep.Bytes)
	fmt.Fprintf(stdout, "chaos: injected: %s; anomalies: %s\n", chaos.Counts(rep.Injected), chaos.Counts(rep.Anomalies))
	for _, k := range chaos.Kinds(rep.Anomalies) {
		fmt.Fprintf(stdout, "chaos: first %s: %s\n", k, rep.Examples[k])
	}
	if rep.AnomalyCount() > 0 {
		return exitFailed
	}
	return exitOK
}
