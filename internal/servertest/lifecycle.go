package servertest

import (
	"context"
	"errors"
	"io"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/muxbench/muxbench/internal/handler"
	"github.com/muxbench/muxbench/internal/server"
)

func testLifecycle(t *testing.T, b Backend) {
	t.Run("close before serve", func(t *testing.T) { testCloseBeforeServe(t, b) })
	t.Run("context cancel", func(t *testing.T) { testContextCancel(t, b) })
	t.Run("bad config", func(t *testing.T) { testBadConfig(t, b) })
	t.Run("two listeners", func(t *testing.T) { testTwoListeners(t, b) })
}

// testCloseBeforeServe: Close releases the listener of a server that never
// served, may be repeated, and a later Serve returns at once.
func testCloseBeforeServe(t *testing.T, b Backend) {
	fds, goros := countFds(t), numGoroutine()
	srv, err := b.New(server.Config{Addrs: []string{"127.0.0.1:0"}, Handler: handler.Echo{}})
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := srv.Close(); err != nil {
			t.Fatalf("Close: %v", err)
		}
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(context.Background()) }()
	select {
	case err := <-served:
		if err != nil && !errors.Is(err, server.ErrClosed) {
			t.Errorf("Serve after Close = %v, want nil or server.ErrClosed", err)
		}
	case <-time.After(timeout):
		t.Fatal("Serve after Close did not return")
	}
	checkReleased(t, fds, goros)
}

// testContextCancel: cancelling Serve's context stops it like Close does,
// connections included.
func testContextCancel(t *testing.T, b Backend) {
	fds, goros := countFds(t), numGoroutine()
	srv, err := b.New(server.Config{Addrs: []string{"127.0.0.1:0"}, Handler: handler.Echo{}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ctx) }()
	c := dial(t, srv.Addrs()[0].String())
	msg := pattern(64, 7)
	if _, err := c.Write(msg); err != nil {
		t.Fatal(err)
	}
	expectEcho(t, c, msg)
	cancel()
	select {
	case err := <-served:
		if err != nil {
			t.Errorf("Serve after cancel = %v, want nil", err)
		}
	case <-time.After(timeout):
		t.Fatal("Serve did not return after cancel")
	}
	expectClosed(t, c)
	if err := srv.Close(); err != nil {
		t.Errorf("Close after Serve returned: %v", err)
	}
	c.Close()
	checkReleased(t, fds, goros)
}

// testBadConfig: New reports what cannot be served instead of serving it.
func testBadConfig(t *testing.T, b Backend) {
	hs := start(t, b, handler.Echo{})
	tests := []struct {
		name string
		cfg  server.Config
	}{
		{name: "port in use", cfg: server.Config{Addrs: []string{hs.addr}, Handler: handler.Echo{}}},
		{name: "bad address", cfg: server.Config{Addrs: []string{"127.0.0.1:notaport"}, Handler: handler.Echo{}}},
		{name: "no address", cfg: server.Config{Handler: handler.Echo{}}},
		{name: "no handler", cfg: server.Config{Addrs: []string{"127.0.0.1:0"}}},
		{name: "negative max pending", cfg: server.Config{Addrs: []string{"127.0.0.1:0"}, Handler: handler.Echo{}, MaxPending: -1}},
		{name: "second address in use", cfg: server.Config{Addrs: []string{"127.0.0.1:0", hs.addr}, Handler: handler.Echo{}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fds := countFds(t)
			srv, err := b.New(tc.cfg)
			if err == nil {
				srv.Close()
				t.Fatalf("New(%v) = nil error", tc.cfg.Addrs)
			}
			if now := countFds(t); now > fds {
				t.Errorf("failed New left %d fds open", now-fds)
			}
		})
	}
}

// testTwoListeners: every address in Config.Addrs is served.
func testTwoListeners(t *testing.T, b Backend) {
	hs := start(t, b, handler.Echo{}, func(c *server.Config) {
		c.Addrs = []string{"127.0.0.1:0", "127.0.0.1:0"}
	})
	addrs := hs.srv.Addrs()
	if len(addrs) != 2 || addrs[0].String() == addrs[1].String() {
		t.Fatalf("Addrs() = %v, want two distinct addresses", addrs)
	}
	for i, a := range addrs {
		c := dial(t, a.String())
		msg := pattern(64, byte(i))
		if _, err := c.Write(msg); err != nil {
			t.Fatal(err)
		}
		expectEcho(t, c, msg)
	}
}

// testCloseWhileBusy: Close while clients are echoing returns Serve, closes
// every connection (each client's loop ends with an error) and leaves no fd
// or goroutine behind (checked by the harness).
func testCloseWhileBusy(t *testing.T, b Backend) {
	hs := start(t, b, handler.Echo{})
	const clients, maxRounds = 8, 100000
	conns := make([]net.Conn, clients)
	for i := range conns {
		conns[i] = dial(t, hs.addr)
	}
	var wg sync.WaitGroup
	finished := make([]bool, clients)
	for i, c := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			msg, got := pattern(4<<10, byte(i)), make([]byte, 4<<10)
			for range maxRounds {
				if _, err := c.Write(msg); err != nil {
					return
				}
				if _, err := io.ReadFull(c, got); err != nil {
					return
				}
			}
			finished[i] = true
		}()
	}
	hs.counted(t, "traffic on every connection", func(c server.Counters) bool { return c.BytesOut >= clients*64<<10 })
	hs.shut(t)
	wg.Wait()
	for i, f := range finished {
		if f {
			t.Errorf("client %d ran all %d rounds: its connection was not closed", i, maxRounds)
		}
	}
	for _, c := range conns {
		c.Close()
	}
}
