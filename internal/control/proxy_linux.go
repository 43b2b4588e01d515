package control

import (
	"context"
	"fmt"
	"net"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/muxbench/muxbench/internal/handler"
	"github.com/muxbench/muxbench/internal/server"
)

// Program is a backend that is a program of its own rather than a Go
// constructor (servers/c_epoll): it takes bench serve's flags (--backend,
// --addr, --handler, --max-pending, --control) and speaks this protocol
// itself.
type Program struct {
	// Exe is the program's path; Backend its name, given as --backend.
	Exe, Backend string
	// Handlers are the handlers it speaks, by their handler.New names.
	Handlers []string
}

// Proxy is a server.Server whose backend runs as a Program child, so that
// the conformance suite and `bench serve` drive it like any backend:
// NewProxy starts the child listening, Addrs are its bound addresses,
// Counters asks it over the control pipe, Serve waits until Close, ctx or
// the child's own exit, and Close stops it. Unlike an in-process backend
// the child serves from the moment it is started, not from Serve.
type Proxy struct {
	child   *Child
	backend string
	addrs   []net.Addr
	logf    func(string, ...any)

	served   atomic.Bool
	stopOnce sync.Once
	stopping chan struct{} // closed when the stop begins
	stopped  chan struct{} // closed once the child has exited
	final    server.Counters
	stopErr  error

	mu   sync.Mutex
	last server.Counters // the last snapshot the child answered
}

// NewProxy starts p serving cfg. The handler is passed by name, so it must
// be one of p.Handlers as handler.New builds it with default options; the
// program reads server.DefaultReadBuffer bytes at a time.
func NewProxy(p Program, cfg server.Config) (*Proxy, error) {
	name, err := p.check(cfg)
	if err != nil {
		return nil, err
	}
	cfg = cfg.WithDefaults()
	c, err := Start(Spec{Exe: p.Exe, Args: p.args(cfg, name)})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p.Backend, err)
	}
	addrs, err := tcpAddrs(c.Addrs())
	if err != nil {
		c.Kill()
		return nil, fmt.Errorf("%s: %w", p.Backend, err)
	}
	return &Proxy{child: c, backend: p.Backend, addrs: addrs, logf: cfg.Logf,
		stopping: make(chan struct{}), stopped: make(chan struct{})}, nil
}

// check refuses a configuration the program cannot be given and returns
// the handler's name.
func (p Program) check(cfg server.Config) (string, error) {
	if err := cfg.Validate(); err != nil {
		return "", err
	}
	if _, err := server.ParseAddrs(strings.Join(cfg.Addrs, ",")); err != nil {
		return "", err
	}
	if rb := cfg.ReadBuffer; rb != 0 && rb != server.DefaultReadBuffer {
		return "", fmt.Errorf("%s reads %d bytes at a time, fixed: ReadBuffer %d cannot be passed to it", p.Backend, server.DefaultReadBuffer, rb)
	}
	for _, name := range p.Handlers {
		if h, err := handler.New(name, handler.Options{}); err == nil && reflect.DeepEqual(h, cfg.Handler) {
			return name, nil
		}
	}
	return "", fmt.Errorf("%s speaks the %s handler only (by name, default options): a %T cannot be passed to it",
		p.Backend, strings.Join(p.Handlers, ", "), cfg.Handler)
}

func (p Program) args(cfg server.Config, handler string) []string {
	return []string{"--backend", p.Backend, "--control", "--addr", strings.Join(cfg.Addrs, ","),
		"--handler", handler, "--max-pending", strconv.Itoa(cfg.MaxPending)}
}

func tcpAddrs(list []string) ([]net.Addr, error) {
	out := make([]net.Addr, len(list))
	for i, a := range list {
		addr, err := net.ResolveTCPAddr("tcp", a)
		if err != nil {
			return nil, fmt.Errorf("hello address %q: %w", a, err)
		}
		out[i] = addr
	}
	return out, nil
}

// Addrs are the child's bound addresses, from its hello.
func (p *Proxy) Addrs() []net.Addr { return p.addrs }

// PID is the child's process id: the process whose fds, memory and CPU
// are the server's.
func (p *Proxy) PID() int { return p.child.PID() }

// Serve waits until Close, ctx or the child's own exit. It returns nil
// after a requested stop that ended cleanly, how the child ended when it
// exited by itself, and server.ErrClosed when called a second time.
func (p *Proxy) Serve(ctx context.Context) error {
	if p.served.Swap(true) {
		return server.ErrClosed
	}
	select {
	case <-ctx.Done():
	case <-p.stopping:
	case <-p.child.Exited():
		select {
		case <-p.stopping: // a requested stop: the child exited for it
		default:
			err := fmt.Errorf("%s: %s", p.backend, p.child.ExitReason())
			p.stop()
			return err
		}
	}
	return p.stop()
}

// Close stops the child, waits for it to exit and reports how a stop that
// did not end cleanly ended. It is idempotent and may be called before
// Serve.
func (p *Proxy) Close() error { return p.stop() }

func (p *Proxy) stop() error {
	p.stopOnce.Do(func() {
		close(p.stopping)
		p.final, p.stopErr = p.child.Stop()
		if p.stopErr != nil { // no final counters: keep the last answer
			p.mu.Lock()
			p.final = p.last
			p.mu.Unlock()
		}
		close(p.stopped)
	})
	<-p.stopped
	return p.stopErr
}

// Counters asks the child for a snapshot; once it stopped, its final
// counters (its last answer when it could not give them). A child that
// cannot answer is logged and its last answer returned.
func (p *Proxy) Counters() server.Counters {
	select {
	case <-p.stopped:
		return p.final
	default:
	}
	c, err := p.child.Counters()
	if err == nil {
		p.mu.Lock()
		p.last = c
		p.mu.Unlock()
		return c
	}
	select {
	case <-p.stopping: // the stop took the pipe: its final counters
		<-p.stopped
		return p.final
	default:
	}
	p.logf("%s: counters: %v", p.backend, err)
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.last
}
