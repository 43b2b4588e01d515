package control

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/muxbench/muxbench/internal/handler"
	"github.com/muxbench/muxbench/internal/server"
)

// fakeProgram is the test binary as a Program whose fake child behaves as
// mode says (see fakeChild); the child reads its mode from the environment.
func fakeProgram(t *testing.T, mode string) Program {
	t.Setenv(fakeEnv, mode)
	return Program{Exe: os.Args[0], Backend: "fake", Handlers: []string{"echo"}}
}

func echoConfig() server.Config {
	return server.Config{Addrs: []string{"127.0.0.1:0"}, Handler: handler.Echo{}}
}

// TestProxyLifecycle: the proxy passes the program bench serve's flags,
// answers Counters from the child, returns nil from Serve after Close and
// the final counters after that, and the child is gone.
func TestProxyLifecycle(t *testing.T) {
	fds := openFds(t)
	cfg := echoConfig()
	cfg.MaxPending = 4096
	p, err := NewProxy(fakeProgram(t, "args"), cfg)
	if err != nil {
		t.Fatal(err)
	}
	want := "--backend fake --control --addr 127.0.0.1:0 --handler echo --max-pending 4096"
	if got := p.child.Backend(); got != want {
		t.Errorf("the program was given %q, want %q", got, want)
	}
	if a := p.Addrs(); len(a) != 1 || a[0].String() != "127.0.0.1:9" {
		t.Errorf("Addrs() = %v, want the hello's 127.0.0.1:9", a)
	}
	served := make(chan error, 1)
	go func() { served <- p.Serve(context.Background()) }()
	if c := p.Counters(); c.WaitCalls != 1 {
		t.Errorf("first snapshot: wait calls %d, want 1", c.WaitCalls)
	}
	for range 2 {
		if err := p.Close(); err != nil {
			t.Fatalf("Close: %v", err)
		}
	}
	if err := waitServe(t, served); err != nil {
		t.Errorf("Serve after Close = %v, want nil", err)
	}
	if c := p.Counters(); c.WaitCalls != 2 {
		t.Errorf("after Close: wait calls %d, want the final counters' 2", c.WaitCalls)
	}
	if p.child.Alive() || p.Serve(context.Background()) != server.ErrClosed {
		t.Error("child alive after Close, or a second Serve did not return ErrClosed")
	}
	if now := openFds(t); now > fds {
		t.Errorf("%d fds open after Close, %d before", now, fds)
	}
}

// TestProxyServeEnds: a cancelled context stops the child (Serve returns
// nil); a child that exits by itself ends Serve with how it ended.
func TestProxyServeEnds(t *testing.T) {
	tests := []struct {
		mode, want string
		cancel     bool
	}{
		{mode: "ok", cancel: true},
		{mode: "die", want: "exit status 3"},
	}
	for _, tc := range tests {
		t.Run(tc.mode, func(t *testing.T) {
			p, err := NewProxy(fakeProgram(t, tc.mode), echoConfig())
			if err != nil {
				t.Fatal(err)
			}
			defer p.Close()
			ctx, cancel := context.WithCancel(context.Background())
			if tc.cancel {
				cancel()
			}
			defer cancel()
			served := make(chan error, 1)
			go func() { served <- p.Serve(ctx) }()
			err = waitServe(t, served)
			if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
				t.Fatalf("Serve = %v, want %q", err, tc.want)
			}
			if p.child.Alive() {
				t.Error("child alive after Serve returned")
			}
		})
	}
}

// TestProxyRefuses: what the program cannot be given is refused before it
// starts, and a program that refuses to start leaves no fd behind when
// NewProxy returns.
func TestProxyRefuses(t *testing.T) {
	rpc, err := handler.New("rpc", handler.Options{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, mode, want string
		mutate           func(*server.Config)
	}{
		{name: "other handler", mode: "ok", want: "speaks the echo handler only", mutate: func(c *server.Config) { c.Handler = rpc }},
		{name: "bad address", mode: "ok", want: `bad address "nowhere"`, mutate: func(c *server.Config) { c.Addrs = []string{"nowhere"} }},
		{name: "read buffer", mode: "ok", want: "ReadBuffer 100", mutate: func(c *server.Config) { c.ReadBuffer = 100 }},
		{name: "start refused", mode: "refuse", want: "cannot listen", mutate: func(*server.Config) {}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fds := openFds(t)
			cfg := echoConfig()
			tc.mutate(&cfg)
			p, err := NewProxy(fakeProgram(t, tc.mode), cfg)
			if err == nil {
				p.Close()
				t.Fatal("NewProxy succeeded")
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q, want it to mention %q", err, tc.want)
			}
			if now := openFds(t); now > fds {
				t.Errorf("a refused NewProxy left %d fds open", now-fds)
			}
		})
	}
}

func waitServe(t *testing.T, served <-chan error) error {
	t.Helper()
	select {
	case err := <-served:
		return err
	case <-time.After(ExitTimeout + HelloTimeout):
		t.Fatal("Serve did not return")
		return errors.New("unreachable")
	}
}

func openFds(t *testing.T) int {
	t.Helper()
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatal(err)
	}
	return len(entries) - 1
}
