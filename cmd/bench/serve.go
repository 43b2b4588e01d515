package main

// bench serve runs one backend in the foreground: for a person (try it with
// nc; Ctrl-C prints its counters) or, with --control, as the server child
// bench run, reliability, soak and crosscheck drive (internal/serve,
// internal/control).

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/muxbench/muxbench/internal/cli"
	"github.com/muxbench/muxbench/internal/handler"
	"github.com/muxbench/muxbench/internal/registry"
	"github.com/muxbench/muxbench/internal/serve"
	"github.com/muxbench/muxbench/internal/server"
)

func init() {
	register(command{
		name:    "serve",
		summary: "run one backend in the foreground (try it with nc)",
		run:     func(args []string) int { return runServe(args, os.Stdin, os.Stdout, os.Stderr) },
	})
}

func runServe(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	opts, err := parseServe(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if err != nil {
		opts.Control = slices.Contains(args, "--control") || slices.Contains(args, "-control")
	}
	s := serve.NewSession(opts, stdout, stderr)
	if err != nil {
		s.Failed(err)
		return exitBadArgs
	}
	// Signals are caught before the address is announced: a parent may
	// send SIGTERM as soon as it has read it.
	ctx, cancel := cli.SignalContext()
	defer cancel()
	srv, err := s.Start()
	if err != nil {
		s.Failed(err)
		return exitBadArgs
	}
	if err := s.Serve(ctx, srv, stdin); err != nil {
		s.Failed(err)
		return exitFailed
	}
	return exitOK
}

// parseServe reads the flags; a bad one is reported as an error so the
// caller prints exactly one line about it (and, with --control, the JSON
// error line).
func parseServe(args []string, stderr io.Writer) (serve.Options, error) {
	var o serve.Options
	fs := newFlags("serve", "--backend NAME [--addr HOST:PORT[,...]] [--handler echo] [--cpu N] [--max-pending BYTES] [--uring-* ...] [--control]", stderr)
	fs.StringVar(&o.Backend, "backend", "", "backend `name`: "+strings.Join(registry.Names(), ", "))
	addrs := fs.String("addr", "127.0.0.1:0", "`HOST:PORT[,...]` to listen on, comma-separated (port 0 picks a free one)")
	fs.StringVar(&o.Handler, "handler", "echo", "`handler`: "+strings.Join(handler.Names(), ", "))
	fs.IntVar(&o.HandlerOpt.ReplySize, "reply-size", 0, "reply size in `bytes` for the rpc and http handlers (0: handler default)")
	fs.IntVar(&o.HandlerOpt.WorkMicros, "work-us", 0, "busy CPU work per rpc request in `microseconds` (0: handler default)")
	fs.IntVar(&o.CPU, "cpu", -1, "pin the whole process to this `CPU` (-1: no pinning)")
	fs.IntVar(&o.MaxPending, "max-pending", server.DefaultMaxPending, "per-connection output limit in `bytes` before reading pauses")
	fs.BoolVar(&o.Control, "control", false, "machine protocol on stdin/stdout for bench run (see internal/control)")
	backendNew := registry.OptionFlags(fs.FlagSet)
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	switch {
	case o.Backend == "":
		return o, fmt.Errorf("--backend is required (one of: %s)", strings.Join(registry.Names(), ", "))
	case o.MaxPending <= 0:
		return o, fmt.Errorf("--max-pending %d: want a positive number of bytes", o.MaxPending)
	}
	var err error
	if o.NewServer, err = backendNew(o.Backend); err != nil {
		return o, err
	}
	o.Addrs, err = server.ParseAddrs(*addrs)
	return o, err
}
