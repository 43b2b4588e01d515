package iouring

import (
	"context"
	"errors"
	"net"
	"sync"

	"github.com/muxbench/muxbench/internal/reactor"
	"github.com/muxbench/muxbench/internal/server"
)

// Server runs the loop behind the server.Server interface.
type Server struct {
	loop    *loop
	ctl     control
	addrs   []net.Addr
	release sync.Once
	done    chan struct{} // closed once everything is released
}

// newServer sets up the ring, its buffers, the wake eventfd and the
// listeners, so that io_uring being unavailable, a bad address or a port in
// use is reported here.
func newServer(cfg server.Config, o Options) (*Server, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg = cfg.WithDefaults()
	o = o.withDefaults(cfg)
	if err := o.Validate(); err != nil {
		return nil, err
	}
	l, err := newLoop(cfg, o)
	if err != nil {
		return nil, err
	}
	s := &Server{loop: l, done: make(chan struct{})}
	l.ctl, s.ctl.wakeFd = &s.ctl, l.wakeFd
	for _, a := range cfg.Addrs {
		fd, bound, err := reactor.ListenTCP(a)
		if err != nil {
			s.releaseAll()
			return nil, err
		}
		l.listeners = append(l.listeners, listener{fd: fd})
		s.addrs = append(s.addrs, bound)
	}
	return s, nil
}

// Addrs are the bound listen addresses, in Config.Addrs order.
func (s *Server) Addrs() []net.Addr { return s.addrs }

// Serve runs the loop until Close or ctx is done, then ends every
// connection and releases everything. A stop requested before Serve makes
// it return nil at once; a second Serve returns server.ErrClosed.
func (s *Server) Serve(ctx context.Context) error {
	s.ctl.mu.Lock()
	if s.ctl.phase != phaseNew || s.ctl.stop {
		stopped := s.ctl.stop
		s.ctl.mu.Unlock()
		<-s.done
		if stopped {
			return nil
		}
		return server.ErrClosed
	}
	s.ctl.phase = phaseServing
	s.ctl.mu.Unlock()
	unwatch := context.AfterFunc(ctx, s.ctl.requestStop)
	err := s.loop.serve()
	unwatch()
	s.finish()
	if errors.Is(err, errStop) {
		return nil
	}
	return err
}

// finish records the final counters, answers late snapshot requests and
// releases every fd; after it nothing wakes the loop.
func (s *Server) finish() {
	s.ctl.mu.Lock()
	s.ctl.phase = phaseDone
	s.ctl.final = s.loop.snapshot()
	for _, ask := range append(s.loop.asks, s.ctl.asks...) { // taken while draining, or since
		ask <- s.ctl.final
	}
	s.loop.asks, s.ctl.asks = nil, nil
	s.ctl.mu.Unlock()
	s.releaseAll()
}

// Close stops Serve and waits until everything is released. It is
// idempotent and may be called before Serve.
func (s *Server) Close() error {
	s.ctl.mu.Lock()
	s.ctl.stop = true
	switch s.ctl.phase {
	case phaseNew:
		s.ctl.phase = phaseDone
		s.ctl.final = s.loop.snapshot()
		s.ctl.mu.Unlock()
		s.releaseAll()
	case phaseServing:
		s.ctl.wakeLocked()
		s.ctl.mu.Unlock()
	default:
		s.ctl.mu.Unlock()
	}
	<-s.done
	return nil
}

// Counters returns a snapshot. While serving, the loop copies it out on its
// own thread when woken, so its counters need no synchronisation.
func (s *Server) Counters() server.Counters {
	s.ctl.mu.Lock()
	switch s.ctl.phase {
	case phaseNew:
		defer s.ctl.mu.Unlock()
		return s.loop.snapshot()
	case phaseDone:
		defer s.ctl.mu.Unlock()
		return s.ctl.final
	}
	reply := make(chan server.Counters, 1)
	s.ctl.asks = append(s.ctl.asks, reply)
	s.ctl.wakeLocked()
	s.ctl.mu.Unlock()
	return <-reply
}

func (s *Server) releaseAll() {
	s.release.Do(func() {
		s.loop.release()
		close(s.done)
	})
}
