package ctest

import (
	"errors"
	"io"
	"net"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/muxbench/muxbench/internal/server"
	"github.com/muxbench/muxbench/internal/servertest"
)

// testHalfClose shuts the client's write side after sending: the server
// must echo everything, then close.
func testHalfClose(t *testing.T, b build) {
	tests := []struct {
		name string
		size int
	}{
		{name: "64B", size: 64},
		{name: "4MiB", size: 4 << 20},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			halfClose(t, b, tc.size)
		})
	}
	t.Run("shut while paused", func(t *testing.T) { shutWhilePaused(t, b) })
}

// shutWhilePaused shuts the client's write side while the server has
// stopped reading it: the edge that reports the shutdown comes while the
// connection is paused, and the server must still drain its input to EOF
// once it resumes, echo all of it, and close.
func shutWhilePaused(t *testing.T, b build) {
	srv := startControl(t, b)
	c := servertest.Dial(t, srv.addr())
	msg := servertest.Pattern(64<<20, 4)
	sent := make(chan int, 1)
	go func() {
		n, _ := c.Write(msg) // ends with EPIPE once CloseWrite below runs
		sent <- n
	}()
	srv.waitFor("a backpressure pause", func(c server.Counters) bool { return c.BackpressurePauses == 1 })
	if err := c.CloseWrite(); err != nil {
		t.Fatal(err)
	}
	n := <-sent
	servertest.ExpectEcho(t, c, msg[:n])
	expectEOF(t, c)
	srv.waitFor("the close", func(c server.Counters) bool { return c.Closes == 1 && c.BytesOut == uint64(n) })
}

func halfClose(t *testing.T, b build, size int) {
	srv := startControl(t, b)
	before := fdCount(t, srv.PID())
	c := servertest.Dial(t, srv.addr())
	msg := servertest.Pattern(size, 3)
	wrote := writeThenShut(c, msg)
	servertest.ExpectEcho(t, c, msg)
	expectEOF(t, c)
	if err := <-wrote; err != nil {
		t.Fatalf("write: %v", err)
	}
	final := srv.waitFor("the close", func(c server.Counters) bool { return c.Closes == 1 })
	checkEchoCounters(t, final, uint64(size))
	checkFds(t, srv, before)
}

// checkFds asserts the child holds no more fds than before its clients came.
func checkFds(t *testing.T, srv *child, before int) {
	t.Helper()
	if now := fdCount(t, srv.PID()); now != before {
		t.Errorf("c_epoll holds %d fds after its clients left, %d before", now, before)
	}
}

// reset closes c with SO_LINGER 0, so the server sees a reset.
func reset(t *testing.T, c *net.TCPConn) {
	t.Helper()
	if err := c.SetLinger(0); err != nil {
		t.Fatal(err)
	}
	c.Close()
}

// testReset resets connections in three states: idle, after an echo, and
// with output pending and reading paused. The server must close each.
func testReset(t *testing.T, b build) {
	tests := []struct {
		name  string
		setup func(t *testing.T, srv *child, c *net.TCPConn)
	}{
		{name: "idle", setup: func(*testing.T, *child, *net.TCPConn) {}},
		{name: "after an echo", setup: func(t *testing.T, _ *child, c *net.TCPConn) {
			msg := servertest.Pattern(1000, 5)
			if _, err := c.Write(msg); err != nil {
				t.Fatal(err)
			}
			servertest.ExpectEcho(t, c, msg)
		}},
		{name: "paused with output pending", setup: func(t *testing.T, srv *child, c *net.TCPConn) {
			servertest.WriteAsync(c, servertest.Pattern(32<<20, 6))
			srv.waitFor("a backpressure pause", func(c server.Counters) bool { return c.BackpressurePauses == 1 })
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := startControl(t, b)
			before := fdCount(t, srv.PID())
			c := servertest.Dial(t, srv.addr())
			srv.waitFor("the accept", func(c server.Counters) bool { return c.Active == 1 })
			tc.setup(t, srv, c)
			reset(t, c)
			srv.waitFor("the close", func(c server.Counters) bool { return c.Closes == 1 && c.Active == 0 })
			checkFds(t, srv, before)
		})
	}
}

// testNonReadingClient sends far more than every buffer on the way holds
// and reads nothing: the server must stop reading it (a pause, then no
// input taken) with its pending output and RSS bounded; once the client
// reads, everything comes back in order.
func testNonReadingClient(t *testing.T, b build) {
	const chunk, chunks = 64 << 10, 2048 // 128 MiB: above loopback's socket buffers
	srv := startControl(t, b)
	rssBefore := rssBytes(t, srv.PID())
	c := servertest.Dial(t, srv.addr())
	var written atomic.Int64
	wrote := make(chan error, 1)
	go func() {
		for i := range chunks {
			if _, err := c.Write(servertest.Pattern(chunk, byte(i))); err != nil {
				wrote <- err
				return
			}
			written.Add(chunk)
		}
		wrote <- nil
	}()
	got := srv.waitFor("the server to stop reading", func(c server.Counters) bool {
		return c.BackpressurePauses == 1 || written.Load() == chunk*chunks
	})
	got = stalled(t, srv, got)
	if n := written.Load(); n == chunk*chunks {
		t.Fatalf("the client wrote all %d bytes: the server kept reading (RSS grew %d KiB, %d pauses)",
			n, (rssBytes(t, srv.PID())-rssBefore)>>10, got.BackpressurePauses)
	}
	pending := got.BytesIn - got.BytesOut
	rss := rssBytes(t, srv.PID()) - rssBefore
	t.Logf("paused with %d bytes pending (read %d), RSS grew %d KiB", pending, got.BytesIn, rss>>10)
	if limit := uint64(server.DefaultMaxPending + 64<<10); pending > limit {
		t.Errorf("pending output %d bytes, want <= max-pending + one read = %d", pending, limit)
	}
	if limit := int64(4 * server.DefaultMaxPending); rss > limit {
		t.Errorf("RSS grew by %d bytes, want <= %d", rss, limit)
	}
	readAll(t, c, chunk, chunks)
	if err := <-wrote; err != nil {
		t.Fatalf("write: %v", err)
	}
}

// stalled polls, bounded, until the server's input has not moved over 20
// consecutive snapshots (each a round trip through its loop).
func stalled(t *testing.T, srv *child, got server.Counters) server.Counters {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for same := 0; same < 20; {
		next := srv.counters()
		if next.BytesIn == got.BytesIn {
			same++
		} else {
			same = 0
		}
		got = next
		if time.Now().After(deadline) {
			t.Fatalf("the server's input kept moving for %v: %+v", timeout, got)
		}
		time.Sleep(time.Millisecond)
	}
	return got
}

func readAll(t *testing.T, c net.Conn, chunk, chunks int) {
	t.Helper()
	for i := range chunks {
		servertest.ExpectEcho(t, c, servertest.Pattern(chunk, byte(i)))
	}
}

// testFleet holds 1,000 connections at once, echoes on each, and checks the
// server's counts and that their fds are gone once the clients leave.
func testFleet(t *testing.T, b build) {
	const conns, workers = 1000, 8
	srv := startControl(t, b)
	before := fdCount(t, srv.PID())
	clients := make([]*net.TCPConn, conns)
	for i := range clients {
		clients[i] = servertest.Dial(t, srv.addr())
	}
	srv.waitFor("every accept", func(c server.Counters) bool { return c.Active == conns })
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < conns; i += workers {
				msg := servertest.Pattern(64, byte(i))
				if _, err := clients[i].Write(msg); err != nil {
					t.Errorf("client %d: %v", i, err)
					return
				}
				servertest.ExpectEcho(t, clients[i], msg)
			}
		})
	}
	wg.Wait()
	if n := fdCount(t, srv.PID()); n != before+conns {
		t.Errorf("c_epoll holds %d fds with %d clients, want %d", n, conns, before+conns)
	}
	for _, c := range clients {
		c.Close()
	}
	got := srv.waitFor("every close", func(c server.Counters) bool { return c.Active == 0 })
	if got.Accepts != conns || got.Closes != conns || got.Refused != 0 || got.BytesIn != 64*conns {
		t.Errorf("counters accepts=%d closes=%d refused=%d in=%d, want %d, %d, 0, %d",
			got.Accepts, got.Closes, got.Refused, got.BytesIn, conns, conns, 64*conns)
	}
	checkFds(t, srv, before)
}

// refused reports whether err is how a client sees a connection the server
// accepted and closed at once.
func refused(err error) bool {
	return errors.Is(err, io.EOF) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE)
}

// testResetWhileBusy resets connections that are sending as fast as they
// can while reading their echo, so the server is mid-drain on them: capped
// and queued to be read again before the next wait when the reset arrives.
// The sanitized build checks no freed connection is touched.
func testResetWhileBusy(t *testing.T, b build) {
	const rounds, conns, size = 20, 4, 4 << 20
	srv := startControl(t, b)
	for r := range rounds {
		var wg sync.WaitGroup
		for range conns {
			c := servertest.Dial(t, srv.addr())
			wg.Go(func() { io.Copy(io.Discard, c) })
			wg.Go(func() {
				c.Write(servertest.Pattern(size, byte(r)))
				c.SetLinger(0)
				c.Close()
			})
		}
		wg.Wait()
	}
	got := srv.waitFor("every close", func(c server.Counters) bool { return c.Active == 0 })
	if got.Closes != rounds*conns {
		t.Errorf("closes %d, want %d", got.Closes, rounds*conns)
	}
}
