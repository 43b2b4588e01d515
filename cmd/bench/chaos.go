package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/muxbench/muxbench/internal/chaos"
	"github.com/muxbench/muxbench/internal/cli"
	"github.com/muxbench/muxbench/internal/loadgen"
)

func init() {
	register(command{
		name:    "chaos",
		summary: "hostile echo client: random sizes, pipelining, half-closes and resets, every byte verified",
		run:     func(args []string) int { return runChaos(args, os.Stdout, os.Stderr) },
	})
}

func runChaos(args []string, stdout, stderr io.Writer) int {
	var cfg chaos.Config
	fs := newFlags("chaos", "--addr HOST:PORT[,...] [--clients N] [--duration D] [--max-exchanges N] [--max-msg B] [--max-depth N] [--seed S]", stderr)
	addrs := fs.String("addr", "", "`HOST:PORT[,...]` of the echo server (several: comma-separated)")
	fs.IntVar(&cfg.Clients, "clients", 8, "concurrent clients")
	fs.DurationVar(&cfg.Duration, "duration", 10*time.Second, "run time bound")
	fs.IntVar(&cfg.MaxExchanges, "max-exchanges", 10000, "exchange count bound")
	fs.IntVar(&cfg.MaxMsg, "max-msg", chaos.DefaultMaxMsg, "largest message in `bytes`")
	fs.IntVar(&cfg.MaxDepth, "max-depth", chaos.DefaultMaxDepth, "deepest pipelined batch")
	fs.Uint64Var(&cfg.Seed, "seed", 0, "random seed (0: from the clock; printed, to repeat a run)")
	if code, done := fs.Exit(fs.Parse(args)); done {
		return code
	}
	if cfg.Seed == 0 {
		cfg.Seed = uint64(time.Now().UnixNano())
	}
	list, err := loadgen.ParseAddrs(*addrs)
	if *addrs == "" || err != nil {
		return fs.BadArgs(fmt.Errorf("--addr HOST:PORT is required (%v)", err))
	}
	cfg.Addrs = list
	ctx, cancel := cli.SignalContext()
	defer cancel()
	rep, err := chaos.Run(ctx, cfg)
	if err != nil {
		return fs.BadArgs(err)
	}
	writeChaos(stdout, rep)
	if rep.AnomalyCount() > 0 {
		return exitFailed
	}
	return exitOK
}

func writeChaos(w io.Writer, rep *chaos.Report) {
	fmt.Fprintf(w, "chaos: seed %d, %v: %d connections, %d exchanges (%d messages) verified, %d bytes verified\n",
		rep.Config.Seed, rep.Elapsed.Round(time.Millisecond), rep.Conns, rep.Exchanges, rep.Messages, rep.Bytes)
	fmt.Fprintf(w, "chaos: injected: %s; anomalies: %s\n", chaos.Counts(rep.Injected), chaos.Counts(rep.Anomalies))
	for _, k := range chaos.Kinds(rep.Anomalies) {
		fmt.Fprintf(w, "chaos: first %s: %s\n", k, rep.Examples[k])
	}
}
