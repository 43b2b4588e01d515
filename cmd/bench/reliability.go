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

	"github.com/muxbench/muxbench/internal/registry"
	"github.com/muxbench/muxbench/internal/reliability"
	"github.com/muxbench/muxbench/internal/rlimit"
)

func init() {
	register(command{
		name:    "reliability",
		summary: "inject faults and hostile clients into every backend; write results/reliability.{md,json}",
		run:     func(args []string) int { return runReliability(args, os.Stdout, os.Stderr) },
	})
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
		if _, err := registry.Lookup(*only); err != nil {
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
	rep := reliability.Run(ctx, exe, names, *quick, stdout)
	if err := rep.Write(*out); err != nil {
		return fail(exitFailed, "reliability: %v", err)
	}
	fmt.Fprint(stdout, rep.Markdown())
	if !rep.AllSurvived() {
		return exitFailed
	}
	return exitOK
}
