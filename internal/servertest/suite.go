package servertest

import (
	"context"
	"errors"
	"net"
	"testing"
	"time"

	"github.com/muxbench/muxbench/internal/handler"
	"github.com/muxbench/muxbench/internal/registry"
	"github.com/muxbench/muxbench/internal/server"
)

// Backend describes the backend under test: its registry entry, which says
// what it can observe (CountsWaits) and the first fd it cannot watch
// (FdLimit).
type Backend = registry.Backend

// timeout bounds every connection of a subtest: a backend that stops
// answering fails the test at this deadline instead of hanging it.
const timeout = 20 * time.Second

// Run runs the whole suite against b.
func Run(t *testing.T, b Backend) {
	t.Run("echo", func(t *testing.T) { testEcho(t, b) })
	t.Run("pipelined", func(t *testing.T) { testPipelined(t, b) })
	t.Run("lines", func(t *testing.T) { testLines(t, b) })
	t.Run("fleet", func(t *testing.T) { testFleet(t, b) })
	t.Run("half-close", func(t *testing.T) { testHalfClose(t, b) })
	t.Run("reset", func(t *testing.T) { testReset(t, b) })
	t.Run("last reply survives unread input", func(t *testing.T) { testLastReplySurvivesUnreadInput(t, b) })
	t.Run("backpressure", func(t *testing.T) { testBackpressure(t, b) })
	t.Run("limits", func(t *testing.T) { testLimits(t, b) })
	t.Run("floods", func(t *testing.T) { testFloods(t, b) })
	t.Run("lifecycle", func(t *testing.T) { testLifecycle(t, b) })
	t.Run("close-while-busy", func(t *testing.T) { testCloseWhileBusy(t, b) })
}

// harness is one served backend and what it held before it started.
type harness struct {
	srv   server.Server
	addr  string
	errc  chan error
	fds   int
	goros int
	done  bool // stop has run
}

// start serves a fresh b with h on 127.0.0.1:0. Cleanup closes it, checks
// Serve's result and that every fd and goroutine it used was released.
func start(t *testing.T, b Backend, h handler.Handler, mutate ...func(*server.Config)) *harness {
	t.Helper()
	hs := &harness{fds: countFds(t), goros: numGoroutine(), errc: make(chan error, 1)}
	cfg := server.Config{Addrs: []string{"127.0.0.1:0"}, Handler: h, Logf: t.Logf}
	for _, m := range mutate {
		m(&cfg)
	}
	srv, err := b.New(cfg)
	if err != nil {
		t.Fatalf("%s New: %v", b.Name, err)
	}
	hs.srv = srv
	hs.addr = srv.Addrs()[0].String()
	go func() { hs.errc <- srv.Serve(context.Background()) }()
	t.Cleanup(func() { hs.stop(t) })
	return hs
}

// stop closes the server, if shut is not done yet, and checks it released
// everything it held.
func (hs *harness) stop(t *testing.T) {
	t.Helper()
	hs.shut(t)
	checkReleased(t, hs.fds, hs.goros)
}

// shut closes the server once and checks Serve returned nil.
func (hs *harness) shut(t *testing.T) {
	t.Helper()
	if hs.done {
		return
	}
	hs.done = true
	if err := hs.srv.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	select {
	case err := <-hs.errc:
		// ErrClosed: Close won the race with the goroutine that calls Serve.
		if err != nil && !errors.Is(err, server.ErrClosed) {
			t.Errorf("Serve returned %v after Close, want nil", err)
		}
	case <-time.After(timeout):
		t.Fatalf("Serve did not return within %v of Close", timeout)
	}
}

// serving asserts Serve has not returned.
func (hs *harness) serving(t *testing.T) {
	t.Helper()
	select {
	case err := <-hs.errc:
		hs.errc <- err
		t.Fatalf("Serve returned early: %v", err)
	default:
	}
}

// dial connects to addr with the subtest's deadline set.
func dial(t *testing.T, addr string) *net.TCPConn {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, timeout)
	if err != nil {
		t.Fatalf("dial %s: %v", addr, err)
	}
	t.Cleanup(func() { c.Close() })
	if err := c.SetDeadline(time.Now().Add(timeout)); err != nil {
		t.Fatal(err)
	}
	return c.(*net.TCPConn)
}

// eventually polls cond until it holds or timeout passes: a bounded wait
// for a state the server reaches asynchronously (a close counted, a
// goroutine gone), never a fixed sleep.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", timeout, what)
		}
		time.Sleep(time.Millisecond)
	}
}

// counted waits until the server's counters satisfy cond and returns them.
func (hs *harness) counted(t *testing.T, what string, cond func(server.Counters) bool) server.Counters {
	t.Helper()
	var c server.Counters
	eventually(t, what, func() bool { c = hs.srv.Counters(); return cond(c) })
	return c
}

// needsGoHandler skips a case that serves an in-process handler value
// (the suite's own, or a handler with non-default options) on a backend
// that speaks only named handlers: a program of its own, c_epoll.
func needsGoHandler(t *testing.T, b Backend, handler string) {
	t.Helper()
	if !b.AnyHandler() {
		t.Skipf("%s speaks only the named handlers %v (a program of its own): the suite's %s handler cannot be passed to it", b.Name, b.Handlers, handler)
	}
}
