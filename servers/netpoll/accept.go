package netpoll

import (
	"errors"
	"net"
	"syscall"
	"time"
)

// Accept backoff after a resource error (EMFILE, ENFILE, ENOBUFS): the
// listener stays readable, so retrying at once would spin.
const (
	minAcceptBackoff = 5 * time.Millisecond
	maxAcceptBackoff = time.Second
)

// acceptLoop accepts on ln until it is closed. A resource shortage is waited
// out; any other error is sent to fatal and ends Serve.
func (s *Server) acceptLoop(ln net.Listener, fatal chan<- error) {
	defer s.wg.Done()
	backoff := time.Duration(0)
	for {
		c, err := ln.Accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			if !retryable(err) {
				fatal <- err
				return
			}
			backoff = nextBackoff(backoff)
			if backoff == minAcceptBackoff { // once per shortage, not per retry
				s.cfg.Logf("netpoll: accept: %v; backing off up to %v", err, maxAcceptBackoff)
			}
			if !s.wait(backoff) {
				return
			}
			continue
		}
		backoff = 0
		s.c.accepts.Add(1)
		if !s.track(c) {
			c.Close()
			s.c.closes.Add(1)
			return
		}
		s.wg.Add(1)
		go s.serveConn(c)
	}
}

// retryable reports the accept errors that pass: out of fds or buffers, or
// a connection that died in the backlog.
func retryable(err error) bool {
	for _, e := range []error{syscall.EMFILE, syscall.ENFILE, syscall.ENOBUFS, syscall.ENOMEM, syscall.ECONNABORTED} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

func nextBackoff(d time.Duration) time.Duration {
	if d == 0 {
		return minAcceptBackoff
	}
	return min(2*d, maxAcceptBackoff)
}

// wait blocks for d or until the server stops; it reports whether to go on.
func (s *Server) wait(d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-s.stop:
		return false
	}
}
