package iouring

import (
	"context"
	"encoding/binary"
	"net"

	"github.com/muxbench/muxbench/internal/reactor"
	"github.com/muxbench/muxbench/internal/server"
	"golang.org/x/sys/unix"
)

// Server runs the loop behind the server.Server interface.
type Server struct {
	loop  *loop
	life  *server.Lifecycle
	addrs []net.Addr
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
	s := &Server{loop: l}
	for _, a := range cfg.Addrs {
		fd, bound, err := reactor.ListenTCP(a)
		if err != nil {
			l.release()
			return nil, err
		}
		l.listeners = append(l.listeners, listener{fd: fd})
		s.addrs = append(s.addrs, bound)
	}
	s.life = server.NewLifecycle(l.wake, l.snapshot, l.release)
	l.life = s.life
	return s, nil
}

// Addrs are the bound listen addresses, in Config.Addrs order.
func (s *Server) Addrs() []net.Addr { return s.addrs }

// Serve runs the loop until Close or ctx is done, then ends every
// connection and releases everything. A stop requested before Serve makes
// it return nil at once; a second Serve returns server.ErrClosed.
func (s *Server) Serve(ctx context.Context) error { return s.life.Serve(ctx, s.loop.serve) }

// Close stops Serve and waits until everything is released. It is
// idempotent and may be called before Serve.
func (s *Server) Close() error { return s.life.Close() }

// Counters returns a snapshot. While serving, the loop copies it out on its
// own thread when woken, so its counters need no synchronisation.
func (s *Server) Counters() server.Counters { return s.life.Counters() }

// wake adds 1 to the eventfd, completing the loop's read of it. A blocking
// eventfd write waits only at a count near 2^64, which this never reaches.
func (l *loop) wake() {
	var one [8]byte
	binary.NativeEndian.PutUint64(one[:], 1)
	for {
		if _, err := unix.Write(l.wakeFd, one[:]); err != unix.EINTR {
			return
		}
	}
}
