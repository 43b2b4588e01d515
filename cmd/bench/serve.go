package main

// bench serve runs one backend in the foreground.
//
// Control protocol (--control), used by bench run to drive a server child:
//
//  1. On start the child writes one JSON line on stdout:
//     {"pid":N,"backend":"epoll_lt","addrs":["127.0.0.1:40001",...]}
//     addrs are the bound addresses, in --addr order (port 0 resolved).
//     If it cannot start it writes {"error":"..."} instead, the usual line
//     on stderr, and exits 2.
//  2. It then reads one command per line on stdin:
//     counters  -> one JSON line: server.Counters (cumulative, field names
//     as in its json tags; "unsupported" lists the fields the
//     backend cannot observe)
//     stop      -> stops cleanly, writes the final counters line, exits 0
//     other     -> {"error":"unknown command ..."}; the server keeps going
//  3. EOF on stdin, SIGINT and SIGTERM act as stop, so a parent that dies
//     never leaves an orphan server.
//
// If Serve fails, the child writes {"error":"..."} and exits 1.

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"

	"github.com/muxbench/muxbench/internal/affinity"
	"github.com/muxbench/muxbench/internal/gomaxprocs"
	"github.com/muxbench/muxbench/internal/handler"
	"github.com/muxbench/muxbench/internal/registry"
	"github.com/muxbench/muxbench/internal/server"
	"golang.org/x/sys/unix"
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
}

// serveSession is one bench serve invocation: where it writes and how.
type serveSession struct {
	opts   serveOptions
	stdout *lockedWriter
	stderr io.Writer
}

// lockedWriter serialises whole lines from the control goroutine and main.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) line(s string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintln(l.w, s)
}

func runServe(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	s := &serveSession{stdout: &lockedWriter{w: stdout}, stderr: stderr}
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
	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer cancel()
	srv, err := s.start()
	if err != nil {
		return s.startFailed(err)
	}
	s.announce(srv)
	if opts.control {
		go s.control(stdin, srv, cancel)
	}
	serveErr := srv.Serve(ctx)
	srv.Close()
	s.final(srv.Counters())
	if serveErr != nil {
		return s.failed(exitFailed, fmt.Errorf("serve: %s: %w", opts.backend, serveErr))
	}
	return exitOK
}

// parseServe reads the flags; a bad one is reported as an error so the
// caller prints exactly one line about it.
func parseServe(args []string, stderr io.Writer) (serveOptions, error) {
	var o serveOptions
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&o.backend, "backend", "", "backend: "+strings.Join(registry.Names(), ", "))
	addrs := fs.String("addr", "127.0.0.1:0", "HOST:PORT[,HOST:PORT...] to listen on (port 0 picks a free one)")
	fs.StringVar(&o.handler, "handler", "echo", "handler: "+strings.Join(handler.Names(), ", "))
	fs.IntVar(&o.handlerOpt.ReplySize, "reply-size", 0, "reply size in bytes for the rpc and http handlers (0: handler default)")
	fs.IntVar(&o.handlerOpt.WorkMicros, "work-us", 0, "busy CPU work per rpc request in µs (0: handler default)")
	fs.IntVar(&o.cpu, "cpu", -1, "pin the whole process to this CPU (-1: no pinning)")
	fs.IntVar(&o.maxPending, "max-pending", server.DefaultMaxPending, "per-connection output limit in bytes before reading pauses")
	fs.BoolVar(&o.control, "control", false, "machine protocol on stdin/stdout for bench run (see serve.go)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(stderr, "usage: bench serve --backend NAME [--addr HOST:PORT[,...]] [--handler echo] [--cpu N] [--max-pending BYTES] [--control]")
			fs.SetOutput(stderr)
			fs.PrintDefaults()
			return o, flag.ErrHelp
		}
		return o, fmt.Errorf("%v (run 'bench serve -h' for the flags)", err)
	}
	switch {
	case fs.NArg() > 0:
		return o, fmt.Errorf("unexpected argument %q (run 'bench serve -h' for the flags)", fs.Arg(0))
	case o.backend == "":
		return o, fmt.Errorf("--backend is required (one of: %s)", strings.Join(registry.Names(), ", "))
	case o.maxPending <= 0:
		return o, fmt.Errorf("--max-pending %d: want a positive number of bytes", o.maxPending)
	}
	var err error
	o.addrs, err = parseAddrs(*addrs)
	return o, err
}

// parseAddrs splits a comma-separated list and checks each HOST:PORT.
func parseAddrs(list string) ([]string, error) {
	var addrs []string
	for _, a := range strings.Split(list, ",") {
		a = strings.TrimSpace(a)
		host, port, err := net.SplitHostPort(a)
		if err != nil {
			return nil, fmt.Errorf("bad address %q: want HOST:PORT, e.g. 127.0.0.1:9000", a)
		}
		if p, err := strconv.Atoi(port); err != nil || p < 0 || p > 65535 {
			return nil, fmt.Errorf("bad address %q: port %q is not a number in 0..65535", a, port)
		}
		if host != "" && net.ParseIP(host) == nil && host != "localhost" {
			return nil, fmt.Errorf("bad address %q: host must be an IP address or localhost", a)
		}
		addrs = append(addrs, a)
	}
	return addrs, nil
}

// start raises the fd limit, pins the process and creates the server, which
// binds every address.
func (s *serveSession) start() (server.Server, error) {
	if err := raiseFdLimit(); err != nil {
		fmt.Fprintf(s.stderr, "bench: serve: warning: %v\n", err)
	}
	newServer, err := registry.Constructor(s.opts.backend)
	if err != nil {
		return nil, err
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
	srv, err := newServer(cfg)
	if errors.Is(err, syscall.EADDRINUSE) {
		return nil, fmt.Errorf("%w (stop whatever holds the port, or pick another; port 0 picks a free one)", err)
	}
	return srv, err
}

func (s *serveSession) logf(format string, args ...any) {
	fmt.Fprintf(s.stderr, "bench: serve: "+format+"\n", args...)
}

// raiseFdLimit sets the soft RLIMIT_NOFILE to the hard one: a fleet of idle
// connections needs every fd the process may have.
func raiseFdLimit() error {
	var lim unix.Rlimit
	if err := unix.Getrlimit(unix.RLIMIT_NOFILE, &lim); err != nil {
		return os.NewSyscallError("getrlimit", err)
	}
	if lim.Cur == lim.Max {
		return nil
	}
	lim.Cur = lim.Max
	if err := unix.Setrlimit(unix.RLIMIT_NOFILE, &lim); err != nil {
		return fmt.Errorf("raising the open-files limit to %d: %w", lim.Max, os.NewSyscallError("setrlimit", err))
	}
	return nil
}

// announce tells a person, or bench run, where the server listens.
func (s *serveSession) announce(srv server.Server) {
	addrs := make([]string, 0, len(srv.Addrs()))
	for _, a := range srv.Addrs() {
		addrs = append(addrs, a.String())
	}
	if s.opts.control {
		s.writeJSON(struct {
			Pid     int      `json:"pid"`
			Backend string   `json:"backend"`
			Addrs   []string `json:"addrs"`
		}{os.Getpid(), s.opts.backend, addrs})
		return
	}
	s.stdout.line(fmt.Sprintf("bench serve: %s backend, %s handler, listening on %s (pid %d); Ctrl-C stops it and prints its counters",
		s.opts.backend, s.opts.handler, strings.Join(addrs, ", "), os.Getpid()))
}

// control answers commands on stdin until stop or EOF, then stops Serve.
func (s *serveSession) control(stdin io.Reader, srv server.Server, stop context.CancelFunc) {
	defer stop()
	sc := bufio.NewScanner(stdin)
	for sc.Scan() {
		switch cmd := strings.TrimSpace(sc.Text()); cmd {
		case "":
		case "counters":
			s.writeJSON(srv.Counters())
		case "stop":
			return
		default:
			s.writeJSON(errorLine{Error: fmt.Sprintf("unknown command %q (want counters or stop)", cmd)})
		}
	}
}

// final prints the counters once the server has stopped.
func (s *serveSession) final(c server.Counters) {
	if s.opts.control {
		s.writeJSON(c)
		return
	}
	s.stdout.line(formatCounters(c))
}

// formatCounters renders counters as aligned "name: value" lines, with the
// fields this backend cannot observe marked n/a instead of 0.
func formatCounters(c server.Counters) string {
	raw, _ := json.Marshal(c)
	var fields map[string]any
	_ = json.Unmarshal(raw, &fields)
	unsupported := map[string]bool{}
	for _, u := range c.Unsupported {
		unsupported[u] = true
	}
	var b strings.Builder
	b.WriteString("counters:\n")
	for _, name := range counterNames() {
		v := fmt.Sprint(fields[name])
		if unsupported[name] {
			v = "n/a (not observable by this backend)"
		}
		fmt.Fprintf(&b, "  %-20s %s\n", name+":", v)
	}
	return strings.TrimRight(b.String(), "\n")
}

// counterNames lists Counters' JSON names in declaration order.
func counterNames() []string {
	var names []string
	t := reflect.TypeFor[server.Counters]()
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name != "" && name != "unsupported" {
			names = append(names, name)
		}
	}
	return names
}

type errorLine struct {
	Error string `json:"error"`
}

func (s *serveSession) writeJSON(v any) {
	line, err := json.Marshal(v)
	if err != nil {
		line, _ = json.Marshal(errorLine{Error: err.Error()})
	}
	s.stdout.line(string(line))
}

// startFailed reports a problem found before serving: bad input, exit 2.
func (s *serveSession) startFailed(err error) int { return s.failed(exitBadArgs, err) }

// failed writes one stderr line and, in control mode, one JSON error line.
func (s *serveSession) failed(code int, err error) int {
	if s.opts.control {
		s.writeJSON(errorLine{Error: err.Error()})
	}
	fmt.Fprintf(s.stderr, "bench: serve: %v\n", err)
	return code
}
