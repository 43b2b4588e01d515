package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"syscall"

	"github.com/muxbench/muxbench/internal/affinity"
	"github.com/muxbench/muxbench/internal/control"
	"github.com/muxbench/muxbench/internal/gomaxprocs"
	"github.com/muxbench/muxbench/internal/handler"
	"github.com/muxbench/muxbench/internal/registry"
	"github.com/muxbench/muxbench/internal/rlimit"
	"github.com/muxbench/muxbench/internal/server"
)

// Options are what one session serves.
type Options struct {
	Backend    string
	Addrs      []string
	Handler    string
	HandlerOpt handler.Options
	// CPU pins the whole process to one CPU; -1 leaves it unpinned.
	CPU        int
	MaxPending int
	// Control speaks internal/control's protocol on stdin and stdout.
	Control bool
	// NewServer is the backend's constructor with its own options applied.
	NewServer registry.NewServer
}

// Session is one serve invocation: its options and where it writes. In
// control mode every stdout line goes through the protocol's Responder.
type Session struct {
	opts   Options
	stdout io.Writer
	ctl    *control.Responder
	stderr io.Writer
}

// NewSession is a session of o writing to stdout and stderr.
func NewSession(o Options, stdout, stderr io.Writer) *Session {
	return &Session{opts: o, stdout: stdout, ctl: control.NewResponder(stdout), stderr: stderr}
}

// Start raises the fd limit, pins the process, sets GOMAXPROCS for the
// backend and creates the server, which binds every address.
func (s *Session) Start() (server.Server, error) {
	if _, err := rlimit.Raise(); err != nil {
		fmt.Fprintf(s.stderr, "bench: serve: warning: %v\n", err)
	}
	h, err := handler.New(s.opts.Handler, s.opts.HandlerOpt)
	if err != nil {
		return nil, err
	}
	if s.opts.CPU >= 0 {
		if err := affinity.Pin([]int{s.opts.CPU}); err != nil {
			return nil, fmt.Errorf("--cpu %d: %w", s.opts.CPU, err)
		}
	}
	gomaxprocs.ForBackend(s.opts.Backend)
	cfg := server.Config{Addrs: s.opts.Addrs, Handler: h, MaxPending: s.opts.MaxPending, Logf: s.logf}
	srv, err := s.opts.NewServer(cfg)
	if errors.Is(err, syscall.EADDRINUSE) {
		return nil, fmt.Errorf("%w (stop whatever holds the port, or pick another; port 0 picks a free one)", err)
	}
	return srv, err
}

func (s *Session) logf(format string, args ...any) {
	fmt.Fprintf(s.stderr, "bench: serve: "+format+"\n", args...)
}

// Serve announces srv, answers the protocol's commands from stdin in
// control mode (their end cancels the session), and runs srv until ctx
// ends or stdin asks it to stop; then it writes the final counters.
func (s *Session) Serve(ctx context.Context, srv server.Server, stdin io.Reader) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	s.announce(srv)
	if s.opts.Control {
		go func() {
			defer cancel()
			s.ctl.Answer(stdin, srv.Counters)
		}()
	}
	serveErr := srv.Serve(ctx)
	srv.Close()
	s.final(srv.Counters())
	if serveErr != nil {
		return fmt.Errorf("serve: %s: %w", s.opts.Backend, serveErr)
	}
	return nil
}

// announce tells a person, or the parent, where the server listens.
func (s *Session) announce(srv server.Server) {
	addrs := make([]string, 0, len(srv.Addrs()))
	for _, a := range srv.Addrs() {
		addrs = append(addrs, a.String())
	}
	if s.opts.Control {
		s.ctl.Hello(s.opts.Backend, addrs)
		return
	}
	fmt.Fprintf(s.stdout, "bench serve: %s backend, %s handler, listening on %s (pid %d); Ctrl-C stops it and prints its counters\n",
		s.opts.Backend, s.opts.Handler, strings.Join(addrs, ", "), os.Getpid())
}

// final prints the counters once the server has stopped.
func (s *Session) final(c server.Counters) {
	if s.opts.Control {
		s.ctl.Counters(c)
		return
	}
	fmt.Fprintln(s.stdout, c.Format())
}

// Failed writes err as one stderr line and, in control mode, the
// protocol's error line.
func (s *Session) Failed(err error) {
	if s.opts.Control {
		s.ctl.Error(err)
	}
	fmt.Fprintf(s.stderr, "bench: serve: %v\n", err)
}
