package main

import (
	"fmt"
	"io"
	"os"

	"github.com/muxbench/muxbench/internal/cli"
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
	fs := newFlags("reliability", "[--out DIR] [--quick] [--backend NAME]", stderr)
	out := fs.String("out", "results", "`directory` for reliability.md and reliability.json")
	quick := fs.Bool("quick", false, "scaled-down scenarios (well under a minute)")
	only := fs.String("backend", "", "run one backend only, by `name` (default: every backend)")
	if code, done := fs.Exit(fs.Parse(args)); done {
		return code
	}
	names, err := backendsOrAll(*only)
	if err != nil {
		return fs.BadArgs(err)
	}
	exe, err := os.Executable()
	if err != nil {
		return fs.Fail(exitFailed, "%v", err)
	}
	if _, err := rlimit.Raise(); err != nil {
		fmt.Fprintf(stderr, "bench: reliability: warning: %v\n", err)
	}
	ctx, cancel := cli.SignalContext()
	defer cancel()
	rep := reliability.Run(ctx, exe, names, *quick, stdout)
	if err := rep.Write(*out); err != nil {
		return fs.Fail(exitFailed, "%v", err)
	}
	fmt.Fprint(stdout, rep.Markdown())
	if !rep.AllSurvived() {
		return exitFailed
	}
	return exitOK
}

// backendsOrAll is the one backend named, or every in-process backend when
// none is: reliability and soak read a `bench serve` child's /proc as the
// server's, which a program of its own (c_epoll) is not.
func backendsOrAll(name string) ([]string, error) {
	if name == "" {
		return registry.InProcessNames(), nil
	}
	b, err := registry.Lookup(name)
	if err != nil {
		return nil, err
	}
	if !b.InProcess() {
		return nil, fmt.Errorf("%s is a program of its own, not served in bench serve's process, whose /proc this reads (its own tests: servers/c_epoll/ctest)", name)
	}
	return []string{name}, nil
}
