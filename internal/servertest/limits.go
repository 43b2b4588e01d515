package servertest

import (
	"bytes"
	"io"
	"net"
	"strconv"
	"testing"
	"time"

	"github.com/muxbench/muxbench/internal/handler"
	"github.com/muxbench/muxbench/internal/server"
)

// testLimits: every positive Config.MaxPending works, and it means the same
// on every backend.
func testLimits(t *testing.T, b Backend) {
	for _, limit := range []int{1, 2, 4096} {
		t.Run("max-pending "+strconv.Itoa(limit)+" resumes", func(t *testing.T) { testSmallMaxPendingResumes(t, b, limit) })
	}
	t.Run("unconsumed input bound", func(t *testing.T) { testUnconsumedInputBound(t, b) })
	t.Run("idle connections shed their buffers", func(t *testing.T) { testIdleBuffers(t, b) })
}

// testIdleBuffers: connections that once carried a big request and a big
// reply, then went idle, hold no buffers of that size: the server's live
// heap stays well under what they carried (a raw loop keeps one shared
// reply scratch buffer of the largest output; that is within the bound).
func testIdleBuffers(t *testing.T, b Backend) {
	needsGoHandler(t, b, "lines")
	const conns, size = 8, 512 << 10
	heapBefore := liveHeap()
	hs := start(t, b, lines{})
	line := append(bytes.Repeat([]byte("x"), size-1), '\n')
	clients := make([]*net.TCPConn, conns)
	for i := range clients {
		clients[i] = dial(t, hs.addr)
		wrote := writeAsync(clients[i], line)
		expectEcho(t, clients[i], line)
		if err := <-wrote; err != nil {
			t.Fatal(err)
		}
	}
	// A goroutine-per-connection backend sheds a connection's buffers
	// after its reply is written, a moment after the client has read it:
	// wait (bounded) for the heap to settle before judging it.
	grown, limit := liveHeap()-heapBefore, int64(conns*size/2)
	for deadline := time.Now().Add(timeout); grown > limit && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond) // polling the heap, not synchronising on it
		grown = liveHeap() - heapBefore
	}
	t.Logf("%d idle connections that each echoed %d bytes: live heap +%d bytes", conns, size, grown)
	if grown > limit {
		t.Errorf("they hold %d bytes of live heap, want <= %d", grown, limit)
	}
}

// testUnconsumedInputBound: input the handler leaves unconsumed (a partial
// request) may reach MaxPending bytes and still be completed; one byte more
// and the backend closes the connection. The same on every backend, for a
// limit below the read buffer and one above it (a backend that bounds input
// by its buffer size instead would show).
func testUnconsumedInputBound(t *testing.T, b Backend) {
	needsGoHandler(t, b, "lines")
	const below, above = 4 << 10, 2 * server.DefaultReadBuffer
	tests := []struct {
		name    string
		limit   int
		partial int
		closed  bool
	}{
		{name: "4 KiB limit, at it", limit: below, partial: below},
		{name: "4 KiB limit, above it", limit: below, partial: below + 1, closed: true},
		{name: "128 KiB limit, at it", limit: above, partial: above},
		{name: "128 KiB limit, above it", limit: above, partial: above + 1, closed: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			hs := start(t, b, lines{}, func(c *server.Config) { c.MaxPending = tc.limit })
			c := dial(t, hs.addr)
			if err := c.SetDeadline(time.Now().Add(limitDeadline)); err != nil {
				t.Fatal(err)
			}
			line := bytes.Repeat([]byte("x"), tc.partial)
			if _, err := c.Write(line); err != nil {
				t.Fatal(err)
			}
			if tc.closed {
				expectClosed(t, c)
				return
			}
			hs.counted(t, "the partial line to be read", func(c server.Counters) bool { return c.BytesIn == uint64(tc.partial) })
			if _, err := c.Write([]byte("\n")); err != nil {
				t.Fatal(err)
			}
			expectEcho(t, c, append(line, '\n'))
		})
	}
}

// limitDeadline bounds the small-limit echo: it takes well under a second,
// and a paused connection that never resumes must fail the test soon.
const limitDeadline = 10 * time.Second

// testSmallMaxPendingResumes: with a tiny output limit, a client that sends
// more than every socket buffer holds and reads only once the server has
// paused it (raw backends) still gets every byte back: a paused connection
// resumes however small the limit.
func testSmallMaxPendingResumes(t *testing.T, b Backend, limit int) {
	hs := start(t, b, handler.Echo{}, func(c *server.Config) { c.MaxPending = limit })
	c := dial(t, hs.addr)
	if err := c.SetDeadline(time.Now().Add(limitDeadline)); err != nil {
		t.Fatal(err)
	}
	if err := c.SetReadBuffer(64 << 10); err != nil {
		t.Fatal(err)
	}
	msg := pattern(stallSize, 9)
	wrote := writeAsync(c, msg)
	if hs.observes("backpressure_pauses") {
		hs.counted(t, "a backpressure pause", func(c server.Counters) bool { return c.BackpressurePauses > 0 })
	}
	got := make([]byte, len(msg))
	n, err := io.ReadFull(c, got)
	if err != nil {
		t.Fatalf("MaxPending %d: read %d of %d echoed bytes: %v", limit, n, len(msg), err)
	}
	if err := <-wrote; err != nil {
		t.Fatalf("write: %v", err)
	}
	if !bytes.Equal(got, msg) {
		t.Fatal("echo differs from what was sent")
	}
}
