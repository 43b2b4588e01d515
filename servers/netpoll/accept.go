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

// acceptLoop accepts on ln until it is closed. A connection that failed in
// the backlog is skipped, a resource shortage is waited out; any other error
// is sent to fatal and ends Serve.
func (s *Server) acceptLoop(ln net.Listener, fatal chan<- error) {
	defer s.wg.Done()
	backoff := time.Duration(0)
	for {
		c, err := ln.Accept()
		if err != nil {
			if !s.survive(err, &backoff, fatal) {
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

// survive handles an accept error and reports whether to accept again.
func (s *Server) survive(err error, backoff *time.Duration, fatal chan<- error) bool {
	switch {
	case errors.Is(err, net.ErrClosed):
		return false
	case isAny(err, failedInBacklog):
		return true
	case !isAny(err, shortages):
		fatal <- err
		return false
	}
	*backoff = nextBackoff(*backoff)
	if *backoff == minAcceptBackoff { // once per shortage, not per retry
		s.cfg.Logf("netpoll: accept: %v; backing off up to %v", err, maxAcceptBackoff)
	}
	return s.wait(*backoff)
}

// The accept errors that do not end Serve. failedInBacklog: that one
// connection failed (accept(2) says to treat these network errors like
// EAGAIN); the next is accepted at once. shortages: out of fds, buffers or
// memory, or refused by a security policy; waited out with a backoff.
var (
	failedInBacklog = []error{syscall.ECONNABORTED, syscall.EPROTO, syscall.ENETDOWN, syscall.ENOPROTOOPT,
		syscall.EHOSTDOWN, syscall.ENONET, syscall.EHOSTUNREACH, syscall.EOPNOTSUPP, syscall.ENETUNREACH}
	shortages = []error{syscall.EMFILE, syscall.ENFILE, syscall.ENOBUFS, syscall.ENOMEM, syscall.EPERM}
)

func isAny(err error, targets []error) bool {
	for _, e := range targets {
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
