package netpoll

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sync"

	"github.com/muxbench/muxbench/internal/server"
)

// Server is the goroutine-per-connection backend.
type Server struct {
	cfg   server.Config
	lns   []net.Listener
	addrs []net.Addr
	c     counters

	stop     chan struct{} // closed by the first Close
	stopOnce sync.Once
	finished chan struct{} // closed when Serve has released everything

	mu      sync.Mutex // guards the fields below
	conns   map[net.Conn]struct{}
	serving bool
	closed  bool

	wg sync.WaitGroup // accept loops and connection goroutines
}

var _ server.Server = (*Server)(nil)

// New validates cfg and listens on every address in it, so a bad address or
// a port in use is reported here.
func New(cfg server.Config) (server.Server, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	s := &Server{
		cfg:      cfg.WithDefaults(),
		stop:     make(chan struct{}),
		finished: make(chan struct{}),
		conns:    map[net.Conn]struct{}{},
	}
	var lc net.ListenConfig
	for _, addr := range cfg.Addrs {
		ln, err := lc.Listen(context.Background(), "tcp", addr)
		if err != nil {
			s.closeListeners()
			return nil, fmt.Errorf("netpoll: %w", err)
		}
		s.lns = append(s.lns, ln)
		s.addrs = append(s.addrs, ln.Addr())
	}
	return s, nil
}

// Addrs returns the bound listen addresses in Config.Addrs order.
func (s *Server) Addrs() []net.Addr { return append([]net.Addr(nil), s.addrs...) }

// Counters returns a snapshot of the counters this backend can see.
func (s *Server) Counters() server.Counters { return s.c.snapshot() }

// Serve accepts on every listener until Close, ctx is done or an accept
// fails for good, then closes every listener and connection and waits for
// their goroutines.
func (s *Server) Serve(ctx context.Context) error {
	s.mu.Lock()
	switch {
	case s.closed:
		s.mu.Unlock()
		return server.ErrClosed
	case s.serving:
		s.mu.Unlock()
		return errors.New("netpoll: Serve called twice")
	}
	s.serving = true
	s.mu.Unlock()
	defer close(s.finished)

	fatal := make(chan error, len(s.lns))
	for _, ln := range s.lns {
		s.wg.Add(1)
		go s.acceptLoop(ln, fatal)
	}
	var cause error
	select {
	case <-ctx.Done():
	case <-s.stop:
	case cause = <-fatal:
	}
	s.release()
	return cause
}

// Close stops Serve and waits until it has released everything; before
// Serve it just closes the listeners.
func (s *Server) Close() error {
	s.stopOnce.Do(func() { close(s.stop) })
	s.mu.Lock()
	wasServing := s.serving
	s.closed = true
	s.mu.Unlock()
	if wasServing {
		<-s.finished
		return nil
	}
	s.closeListeners()
	return nil
}

// release closes the listeners and every connection, then waits for the
// goroutines that served them. It marks the server stopping first, for a
// handler's continuations that write nothing (serveInput).
func (s *Server) release() {
	s.stopOnce.Do(func() { close(s.stop) })
	s.mu.Lock()
	s.closed = true
	for c := range s.conns {
		c.Close()
	}
	s.mu.Unlock()
	s.closeListeners()
	s.wg.Wait()
}

func (s *Server) closeListeners() {
	for _, ln := range s.lns {
		ln.Close()
	}
}

// track records c so release can close it; it refuses c once the server is
// closing, because release may already have walked the map.
func (s *Server) track(c net.Conn) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return false
	}
	s.conns[c] = struct{}{}
	return true
}

func (s *Server) forget(c net.Conn) {
	s.mu.Lock()
	delete(s.conns, c)
	s.mu.Unlock()
	c.Close()
	s.c.closes.Add(1)
}
