package ctest

import (
	"strings"
	"testing"
	"time"

	"github.com/muxbench/muxbench/internal/control"
	"github.com/muxbench/muxbench/internal/server"
)

// The tests drive c_epoll as bench does, through internal/control's Child:
// its hello, counters, stop and final counters, and its exit. The checks
// that look beneath that client (the exact lines on the wire, a bad command
// line's exit status and stderr, the banner without --control) use the raw
// launcher in raw_test.go.

// timeout bounds every wait on a condition the server reaches.
const timeout = 20 * time.Second

// child is one running c_epoll.
type child struct {
	*control.Child
	t *testing.T
	// finished is set once the final counters were read and the exit
	// checked.
	finished bool
}

// start runs b with args (no flag added) and reads its hello; Cleanup
// stops it (and fails the test unless it exits 0 and clean) and kills it
// by PID if that fails.
func start(t *testing.T, b build, args ...string) *child {
	t.Helper()
	cc, err := control.Start(control.Spec{Exe: b.path, Args: args})
	if err != nil {
		t.Fatalf("starting c_epoll %q: %v", args, err)
	}
	c := &child{Child: cc, t: t}
	t.Cleanup(func() {
		switch {
		case c.finished:
		case c.Alive():
			c.finish(c.Stop())
		default:
			t.Errorf("c_epoll exited by itself: %s", c.ExitReason())
		}
		c.Kill()
	})
	return c
}

// startControl starts b with --control on 127.0.0.1:0 plus args.
func startControl(t *testing.T, b build, args ...string) *child {
	t.Helper()
	return start(t, b, append([]string{"--control", "--addr", "127.0.0.1:0"}, args...)...)
}

// addr is the first bound address.
func (c *child) addr() string { return c.Addrs()[0] }

// counters asks for a snapshot.
func (c *child) counters() server.Counters {
	c.t.Helper()
	got, err := c.Counters()
	if err != nil {
		c.t.Fatalf("counters: %v", err)
	}
	return got
}

// waitFor polls the counters, bounded, until cond holds, and returns them.
func (c *child) waitFor(what string, cond func(server.Counters) bool) server.Counters {
	c.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		got := c.counters()
		if cond(got) {
			return got
		}
		if time.Now().After(deadline) {
			c.t.Fatalf("waited %v for %s; counters %+v", timeout, what, got)
		}
		time.Sleep(time.Millisecond)
	}
}

// finish checks how a stop ended (Stop's or Finish's result): final
// counters read, exit 0, no sanitizer report. It returns the counters.
func (c *child) finish(final server.Counters, err error) server.Counters {
	c.t.Helper()
	c.finished = true
	if err != nil {
		c.t.Errorf("c_epoll did not stop cleanly: %v", err)
	}
	if msg := c.Stderr(); strings.Contains(msg, "Sanitizer") || strings.Contains(msg, "runtime error") {
		c.t.Errorf("sanitizer report: %s", msg)
	}
	return final
}
