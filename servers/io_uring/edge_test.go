package iouring_test

import (
	"bytes"
	"context"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/muxbench/muxbench/internal/handler"
	"github.com/muxbench/muxbench/internal/rlimit"
	"github.com/muxbench/muxbench/internal/server"
	iouring "github.com/muxbench/muxbench/servers/io_uring"
)

// served is one io_uring server on 127.0.0.1:0 and what it logged.
type served struct {
	srv  server.Server
	addr string
	errc chan error
	mu   sync.Mutex
	log  []string
}

func serve(t *testing.T, cfg server.Config) *served {
	t.Helper()
	s := listening(t, cfg)
	s.start(t)
	return s
}

// listening is a server that has not started serving (echo unless cfg
// names a handler).
func listening(t *testing.T, cfg server.Config) *served {
	t.Helper()
	return listeningWith(t, cfg, iouring.Options{})
}

// listeningWith is listening with options o.
func listeningWith(t *testing.T, cfg server.Config, o iouring.Options) *served {
	t.Helper()
	if err := iouring.Available(); err != nil {
		t.Skip(err)
	}
	s := &served{errc: make(chan error, 1)}
	cfg.Addrs = []string{"127.0.0.1:0"}
	if cfg.Handler == nil {
		cfg.Handler = handler.Echo{}
	}
	cfg.Logf = func(format string, args ...any) {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.log = append(s.log, format)
	}
	srv, err := o.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	s.srv, s.addr = srv, srv.Addrs()[0].String()
	return s
}

func (s *served) start(t *testing.T) {
	go func() { s.errc <- s.srv.Serve(context.Background()) }()
	t.Cleanup(func() { s.close(t) })
}

// close closes the server (again: harmless) and checks Serve's result.
func (s *served) close(t *testing.T) {
	t.Helper()
	s.srv.Close()
	select {
	case err := <-s.errc:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not return after Close")
	}
	s.errc <- nil // for a later close
}

func (s *served) logged() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return strings.Join(s.log, "; ")
}

// await asks for snapshots (each one loop wake-up, not a sleep) until ok
// holds, bounded by a deadline.
func (s *served) await(t *testing.T, what string, ok func(server.Counters) bool) server.Counters {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; {
		if c := s.srv.Counters(); ok(c) {
			return c
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s: %+v", what, s.srv.Counters())
		}
	}
}

func dialT(t *testing.T, addr string) *net.TCPConn {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	c.SetDeadline(time.Now().Add(10 * time.Second))
	return c.(*net.TCPConn)
}

// TestMaxPendingOneResumes: with MaxPending 1 any reply pauses reading;
// reading resumes once the output is fully sent (half of 1 is 0), so the
// connection goes on serving after the pause instead of stalling for good.
func TestMaxPendingOneResumes(t *testing.T) {
	s := serve(t, server.Config{MaxPending: 1})
	c := dialT(t, s.addr)
	for i, size := range []int{64 << 10, 64, 64 << 10, 64} {
		msg := bytes.Repeat([]byte{byte('a' + i)}, size)
		c.SetDeadline(time.Now().Add(3 * time.Second))
		go c.Write(msg)
		got := make([]byte, size)
		if _, err := io.ReadFull(c, got); err != nil || !bytes.Equal(got, msg) {
			t.Fatalf("echo %d (%d bytes) after %d pauses: %v", i, size, s.srv.Counters().BackpressurePauses, err)
		}
	}
	if p := s.srv.Counters().BackpressurePauses; p == 0 {
		t.Error("no backpressure pause with MaxPending 1")
	}
}

// TestCloseCancelsStalledSend: a client that sends and never reads leaves
// a send in flight for good once the socket buffers are full (8 MiB of
// output is more than they hold); Close must cancel it rather than wait
// out the drain bound, and the kernel must hand every operation back.
func TestCloseCancelsStalledSend(t *testing.T) {
	s := serve(t, server.Config{MaxPending: 8 << 20})
	c := dialT(t, s.addr)
	c.SetReadBuffer(4 << 10)
	go c.Write(make([]byte, 24<<20))
	s.await(t, "a backpressure pause", func(c server.Counters) bool { return c.BackpressurePauses > 0 })
	start := time.Now()
	s.close(t)
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("Close took %v with a send stalled: the send was not cancelled", took)
	}
	if log := s.logged(); strings.Contains(log, "still in the kernel") {
		t.Errorf("operations left in the kernel at shutdown: %s", log)
	}
}

// TestFdExhaustionRefusesWithoutSpinning: with no fd left, waiting
// connections are refused through the spare fd, the loop then waits
// instead of spinning on EMFILE, and serves again once fds are free.
func TestFdExhaustionRefusesWithoutSpinning(t *testing.T) {
	s := listening(t, server.Config{})
	const waiting = 4
	for range waiting { // queued in the backlog: the accept is armed by Serve
		dialT(t, s.addr)
	}
	restore, err := rlimit.Exhaust()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { restore() })
	s.start(t)
	got := s.await(t, "the refusals", func(c server.Counters) bool { return c.Refused == waiting })
	if again := s.srv.Counters().Sub(got); again.EnterCalls > 4 || again.Accepts != 0 {
		t.Fatalf("the loop kept working with nothing to do: %+v", again)
	}
	restore()
	c := dialT(t, s.addr)
	if _, err := c.Write([]byte("ping")); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 4)
	if _, err := io.ReadFull(c, buf); err != nil || string(buf) != "ping" {
		t.Fatalf("echo after recovery = %q, %v", buf, err)
	}
}
