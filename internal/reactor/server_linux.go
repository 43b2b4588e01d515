package reactor

import (
	"context"
	"encoding/binary"
	"errors"
	"net"
	"sync"

	"github.com/muxbench/muxbench/internal/reactor/rawsys"
	"github.com/muxbench/muxbench/internal/server"
	"golang.org/x/sys/unix"
)

// Server runs the loop behind the server.Server interface.
type Server struct {
	loop    *loop
	ctl     control
	addrs   []net.Addr
	release sync.Once
	done    chan struct{} // closed once Serve (or Close before Serve) released everything
}

type serveState uint8

const (
	stateNew serveState = iota
	stateServing
	stateFinished
)

// control is what other goroutines share with the loop, touched only on the
// wake path: the loop's hot path holds no lock.
type control struct {
	mu       sync.Mutex
	state    serveState
	stopping bool
	waiters  []chan server.Counters
	final    server.Counters
	wakeFd   int
}

// wakeLocked bumps the eventfd so the loop's wait returns. Called with mu
// held and only while serving, so wakeFd is still open.
func (c *control) wakeLocked() {
	var one [8]byte
	binary.NativeEndian.PutUint64(one[:], 1)
	for {
		_, err := rawsys.Write(c.wakeFd, one[:])
		if classify(err) != errRetry {
			return // EAGAIN: the counter is already non-zero, a wake is pending
		}
	}
}

// take hands the loop the pending snapshot requests and the stop flag.
func (c *control) take() ([]chan server.Counters, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	w := c.waiters
	c.waiters = nil
	return w, c.stopping
}

// New opens the poller, the wake eventfd and the listening sockets, so a bad
// address or a port in use is reported here. The eventfd and listeners are
// created before any connection: for select their fds are low.
func New(cfg server.Config, newPoller func() (Poller, error)) (*Server, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg = cfg.WithDefaults()
	p, err := newPoller()
	if err != nil {
		return nil, err
	}
	s := &Server{done: make(chan struct{})}
	s.loop = newLoop(cfg, p, &s.ctl)
	if err := s.open(cfg.Addrs); err != nil {
		s.releaseAll()
		return nil, err
	}
	return s, nil
}

func (s *Server) open(addrs []string) error {
	l := s.loop
	fd, err := unix.Eventfd(0, unix.EFD_NONBLOCK|unix.EFD_CLOEXEC)
	if err != nil {
		return sysErr("eventfd", err)
	}
	l.wakeFd, s.ctl.wakeFd = fd, fd
	if err := l.poller.Add(fd, InterestRead); err != nil {
		return err
	}
	for _, a := range addrs {
		lfd, bound, err := listenTCP(a)
		if err != nil {
			return err
		}
		l.listeners = append(l.listeners, lfd)
		if err := l.poller.Add(lfd, InterestRead); err != nil {
			return err
		}
		s.addrs = append(s.addrs, bound)
	}
	l.spareFd = openSpare()
	return nil
}

// Addrs are the bound listen addresses, in Config.Addrs order.
func (s *Server) Addrs() []net.Addr { return s.addrs }

// Serve runs the loop until Close or ctx is done, then closes every
// connection and listener. A stop requested before Serve starts makes it
// return nil at once; a second Serve returns server.ErrClosed.
func (s *Server) Serve(ctx context.Context) error {
	s.ctl.mu.Lock()
	if s.ctl.state != stateNew || s.ctl.stopping {
		stopped := s.ctl.stopping
		s.ctl.mu.Unlock()
		<-s.done
		if stopped {
			return nil
		}
		return server.ErrClosed
	}
	s.ctl.state = stateServing
	s.ctl.mu.Unlock()

	var watcher sync.WaitGroup
	loopDone := make(chan struct{})
	if ctx.Done() != nil {
		watcher.Go(func() {
			select {
			case <-ctx.Done():
				s.requestStop()
			case <-loopDone:
			}
		})
	}
	err := s.loop.serve()
	close(loopDone)
	watcher.Wait()
	s.finish()
	if errors.Is(err, errStop) {
		return nil
	}
	return err
}

// finish records the final counters, answers late snapshot requests and
// releases every fd; after it, nothing may wake the loop.
func (s *Server) finish() {
	s.ctl.mu.Lock()
	s.ctl.state = stateFinished
	s.ctl.final = s.loop.snapshot()
	for _, w := range s.ctl.waiters {
		w <- s.ctl.final
	}
	s.ctl.waiters = nil
	s.ctl.mu.Unlock()
	s.releaseAll()
}

func (s *Server) requestStop() {
	s.ctl.mu.Lock()
	defer s.ctl.mu.Unlock()
	s.ctl.stopping = true
	if s.ctl.state == stateServing {
		s.ctl.wakeLocked()
	}
}

// Close stops Serve and waits until everything is released. It is
// idempotent and may be called before Serve.
func (s *Server) Close() error {
	s.ctl.mu.Lock()
	s.ctl.stopping = true
	switch s.ctl.state {
	case stateNew:
		s.ctl.state = stateFinished
		s.ctl.final = s.loop.snapshot()
		s.ctl.mu.Unlock()
		s.releaseAll()
	case stateServing:
		s.ctl.wakeLocked()
		s.ctl.mu.Unlock()
	default:
		s.ctl.mu.Unlock()
	}
	<-s.done
	return nil
}

// Counters returns a snapshot. While serving, the loop copies it out on its
// own goroutine after a wake-up, so its counters need no synchronisation.
func (s *Server) Counters() server.Counters {
	s.ctl.mu.Lock()
	switch s.ctl.state {
	case stateNew:
		defer s.ctl.mu.Unlock()
		return s.loop.snapshot()
	case stateFinished:
		defer s.ctl.mu.Unlock()
		return s.ctl.final
	}
	reply := make(chan server.Counters, 1)
	s.ctl.waiters = append(s.ctl.waiters, reply)
	s.ctl.wakeLocked()
	s.ctl.mu.Unlock()
	return <-reply
}

// releaseAll closes the listeners, the eventfd, the spare fd and the poller.
func (s *Server) releaseAll() {
	s.release.Do(func() {
		l := s.loop
		l.closeAll()
		for _, fd := range l.listeners {
			unix.Close(fd)
		}
		for _, fd := range []int{l.wakeFd, l.spareFd} {
			if fd >= 0 {
				unix.Close(fd)
			}
		}
		l.poller.Close()
		close(s.done)
	})
}
