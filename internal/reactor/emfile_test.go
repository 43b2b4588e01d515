package reactor_test

import (
	"context"
	"io"
	"net"
	"testing"
	"time"

	"github.com/muxbench/muxbench/internal/handler"
	"github.com/muxbench/muxbench/internal/poller/epoll"
	"github.com/muxbench/muxbench/internal/reactor"
	"github.com/muxbench/muxbench/internal/rlimit"
	"github.com/muxbench/muxbench/internal/server"
)

// TestFdExhaustionRefusesWithoutSpinning: with no fd left, waiting
// connections are accepted through the spare fd and closed (refused), the
// level-triggered listener does not spin, and service resumes once fds are
// available again.
func TestFdExhaustionRefusesWithoutSpinning(t *testing.T) {
	srv, err := reactor.New(server.Config{Addrs: []string{"127.0.0.1:0"}, Handler: handler.Echo{}, Logf: t.Logf},
		func() (reactor.Poller, error) { return epoll.New(epoll.Level) })
	if err != nil {
		t.Fatal(err)
	}
	addr := srv.Addrs()[0].String()
	const waiting = 4
	for range waiting { // queued in the backlog: Serve has not started
		c, err := net.DialTimeout("tcp", addr, 5*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
	}
	restore := exhaustFds(t)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(context.Background()) }()
	defer func() {
		srv.Close()
		if err := <-errc; err != nil {
			t.Errorf("Serve: %v", err)
		}
	}()
	got := waitCounters(t, srv, func(c server.Counters) bool { return c.Refused == waiting })
	if again := srv.Counters().Sub(got); again.WaitCalls > 2 || again.AcceptCalls != 0 {
		t.Fatalf("loop kept working with nothing to do: %+v", again)
	}
	restore()
	echoOnce(t, addr)
}

// exhaustFds lowers the soft fd limit to the lowest free fd number, so the
// next fd anyone creates fails with EMFILE. It returns the undo.
func exhaustFds(t *testing.T) func() {
	t.Helper()
	restore, err := rlimit.Exhaust()
	if err != nil {
		t.Fatal(err)
	}
	undo := func() {
		if err := restore(); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(undo)
	return undo
}

// waitCounters asks for snapshots (each one a loop wake-up, not a sleep)
// until ok holds, for at most 10 s.
func waitCounters(t *testing.T, srv server.Server, ok func(server.Counters) bool) server.Counters {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		c := srv.Counters()
		if ok(c) {
			return c
		}
		if time.Now().After(deadline) {
			t.Fatalf("counters never reached the expected state: %+v", c)
		}
	}
}

func echoOnce(t *testing.T, addr string) {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := c.Write([]byte("ping")); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 4)
	if _, err := io.ReadFull(c, buf); err != nil || string(buf) != "ping" {
		t.Fatalf("echo = %q, %v", buf, err)
	}
}
