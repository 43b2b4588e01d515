package main

// bench serve runs one backend in the foreground: for a person (try it with
// nc; Ctrl-C prints its counters) or, with --control, as the server child
// bench run, reliability, soak and crosscheck drive over internal/control's
// protocol.

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"syscall"

	"github.com/muxbench/muxbench/internal/affinity"
	"github.com/muxbench/muxbench/internal/cli"
	"github.com/muxbench/muxbench/internal/control"
	"github.com/muxbench/muxbench/internal/gomaxprocs"
	"github.com/muxbench/muxbench/internal/handler"
	"github.com/muxbench/muxbench/internal/registry"
	"github.com/muxbench/muxbench/internal/rlimit"
	"github.com/muxbench/muxbench/internal/server"
)

func init() {
	register(command{
		name:    "serve",
		summary: "run one backend in the foreground (try it with nc)",
		run:     func(args []string) int { return runServe(args, os.Stdin, os.Stdout, os.Stderr) },
	})
}

// serveOptions are bench serve's flags.
type serveOptions struct {
	backend    string
	addrs      []string
	handler    string
	handlerOpt handler.Options
	cpu        int
	maxPending int
	control    bool
	// newServer is the backend's constructor with its own options' flags.
	newServer registry.NewServer
}

// serveSession is one bench serve invocation: where it writes and how. In
// control mode every stdout line goes through ctl.
type serveSession struct {
	opts   serveOptions
	stdout io.Writer
	ctl    *control.Responder
	stderr io.Writer
}

func runServe(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	s := &serveSession{stdout: stdout, ctl: control.NewResponder(stdout), stderr: stderr}
	opts, err := parseServe(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	s.opts = opts
	if err != nil {
		s.opts.control = slices.Contains(args, "--control") || slices.Contains(args, "-control")
		return s.startFailed(err)
	}
	// Signals are caught before the address is announced: a parent may
	// send SIGTERM as soon as it has read it.
	ctx, cancel := cli.SignalContext()
	defer cancel()
	srv, err := s.start()
	if err != nil {
		return s.startFailed(err)
	}
	s.announce(srv)
	if opts.control {
		go func() {
			defer cancel()
			s.ctl.Answer(stdin, srv.Counters)
		}()
	}
	return s.serve(ctx, srv)
}

// serve runs the server until ctx ends, then prints its final counters.
func (s *serveSession) serve(ctx context.Context, srv server.Server) int {
	serveErr := srv.Serve(ctx)
	srv.Close()
	s.final(srv.Counters())
	if serveErr != nil {
		return s.failed(exitFailed, fmt.Errorf("serve: %s: %w", s.opts.backend, serveErr))
	}
	return exitOK
}

// parseServe reads the flags; a bad one is reported as an error so the
// caller prints exactly one line about it (and, with --control, the JSON
// error line).
func parseServe(args []string, stderr io.Writer) (serveOptions, error) {
	var o serveOptions
	fs := newFlags("serve", "--backend NAME [--addr HOST:PORT[,...]] [--handler echo] [--cpu N] [--max-pending BYTES] [--uring-* ...] [--control]", stderr)
	fs.StringVar(&o.backend, "backend", "", "backend `name`: "+strings.Join(registry.Names(), ", "))
	addrs := fs.String("addr", "127.0.0.1:0", "`HOST:PORT[,...]` to listen on, comma-separated (port 0 picks a free one)")
	fs.StringVar(&o.handler, "handler", "echo", "`handler`: "+strings.Join(handler.Names(), ", "))
	fs.IntVar(&o.handlerOpt.ReplySize, "reply-size", 0, "reply size in `bytes` for the rpc and http handlers (0: handler default)")
	fs.IntVar(&o.handlerOpt.WorkMicros, "work-us", 0, "busy CPU work per rpc request in `microseconds` (0: handler default)")
	fs.IntVar(&o.cpu, "cpu", -1, "pin the whole process to this `CPU` (-1: no pinning)")
	fs.IntVar(&o.maxPending, "max-pending", server.DefaultMaxPending, "per-connection output limit in `bytes` before reading pauses")
	fs.BoolVar(&o.control, "control", false, "machine protocol on stdin/stdout for bench run (see internal/control)")
	backendNew := registry.OptionFlags(fs.FlagSet)
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	switch {
	case o.backend == "":
		return o, fmt.Errorf("--backend is required (one of: %s)", strings.Join(registry.Names(), ", "))
	case o.maxPending <= 0:
		return o, fmt.Errorf("--max-pending %d: want a positive number of bytes", o.maxPending)
	}
	var err error
	if o.newServer, err = backendNew(o.backend); err != nil {
		return o, err
	}
	o.addrs, err = server.ParseAddrs(*addrs)
	return o, err
}

// start raises the fd limit, pins the process and creates the server, which
// binds every address.
func (s *serveSession) start() (server.Server, error) {
	if _, err := rlimit.Raise(); err != nil {
		fmt.Fprintf(s.stderr, "bench: serve: warning: %v\n", err)
	}
	h, err := handler.New(s.opts.handler, s.opts.handlerOpt)
	if err != nil {
		return nil, err
	}
	if s.opts.cpu >= 0 {
		if err := affinity.Pin([]int{s.opts.cpu}); err != nil {
			return nil, fmt.Errorf("--cpu %d: %w", s.opts.cpu, err)
		}
	}
	gomaxprocs.ForBackend(s.opts.backend)
	cfg := server.Config{Addrs: s.opts.addrs, Handler: h, MaxPending: s.opts.maxPending, Logf: s.logf}
	srv, err := s.opts.newServer(cfg)
	if errors.Is(err, syscall.EADDRINUSE) {
		return nil, fmt.Errorf("%w (stop whatever holds the port, or pick another; port 0 picks a free one)", err)
	}
	return srv, err
}

func (s *serveSession) logf(format string, args ...any) {
	fmt.Fprintf(s.stderr, "bench: serve: "+format+"\n", args...)
}

// announce tells a person, or bench run, where the server listens.
func (s *serveSession) announce(srv server.Server) {
	addrs := make([]string, 0, len(srv.Addrs()))
	for _, a := range srv.Addrs() {
		addrs = append(addrs, a.String())
	}
	if s.opts.control {
		s.ctl.Hello(s.opts.backend, addrs)
		return
	}
	fmt.Fprintf(s.stdout, "bench serve: %s backend, %s handler, listening on %s (pid %d); Ctrl-C stops it and prints its counters\n",
		s.opts.backend, s.opts.handler, strings.Join(addrs, ", "), os.Getpid())
}

// final prints the counters once the server has stopped.
func (s *serveSession) final(c server.Counters) {
	if s.opts.control {
		s.ctl.Counters(c)
		return
	}
	fmt.Fprintln(s.stdout, c.Format())
}

// startFailed reports a problem found before serving: bad input, exit 2.
func (s *serveSession) startFailed(err error) int { return s.failed(exitBadArgs, err) }

// failed writes one stderr line and, in control mode, one JSON error line.
func (s *serveSession) failed(code int, err error) int {
	if s.opts.control {
		s.ctl.Error(err)
	}
	fmt.Fprintf(s.stderr, "bench: serve: %v\n", err)
	return code
}
