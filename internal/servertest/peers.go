package servertest

import (
	"bytes"
	"io"
	"runtime"
	"testing"

	"github.com/muxbench/muxbench/internal/handler"
	"github.com/muxbench/muxbench/internal/server"
)

// testHalfClose: the peer sends, shuts down its write side and reads. The
// server must answer everything it received, then close.
func testHalfClose(t *testing.T, b Backend) {
	hs := start(t, b, handler.Echo{})
	c := dial(t, hs.addr)
	msg := pattern(256<<10, 3)
	wrote := writeAsync(c, msg)
	if err := <-wrote; err != nil {
		t.Fatalf("write: %v", err)
	}
	if err := c.CloseWrite(); err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(c)
	if err != nil {
		t.Fatalf("read to EOF: %v", err)
	}
	if string(got) != string(msg) {
		t.Fatalf("got %d bytes back, want the %d sent", len(got), len(msg))
	}
	hs.counted(t, "the close to be counted", func(c server.Counters) bool { return c.Closes == 1 && c.Active == 0 })
}

// testReset: a peer resets its connection (SO_LINGER 0) while the server
// still has input and output for it; the server drops it and serves others.
func testReset(t *testing.T, b Backend) {
	hs := start(t, b, handler.Echo{})
	victim := dial(t, hs.addr)
	if err := victim.SetReadBuffer(16 << 10); err != nil {
		t.Fatal(err)
	}
	wrote := writeAsync(victim, pattern(1<<20, 4))
	hs.counted(t, "the server to read the victim's data", func(c server.Counters) bool { return c.BytesIn > 0 })
	if err := victim.SetLinger(0); err != nil {
		t.Fatal(err)
	}
	victim.Close()
	<-wrote // ends with the close; its error is the reset's, expected
	hs.counted(t, "the reset connection to be closed", func(c server.Counters) bool { return c.Closes == 1 })
	other := dial(t, hs.addr)
	msg := pattern(64, 5)
	if _, err := other.Write(msg); err != nil {
		t.Fatal(err)
	}
	expectEcho(t, other, msg)
	hs.serving(t)
}

// stallSize is what the stalling client sends without reading: far more
// than MaxPending plus every socket buffer on the way (its own are shrunk).
const stallSize = 16 << 20

// testBackpressure: one client writes 16 MiB without reading. The server's
// memory (its live heap, or an out-of-process backend's RSS) must stay
// bounded and other clients must be served while it is
// stalled; once the client reads, every byte arrives in order.
func testBackpressure(t *testing.T, b Backend) {
	hs := start(t, b, handler.Echo{})
	msg := pattern(stallSize, 6)
	got := make([]byte, stallSize)
	memBefore, mem := serverMemory(t, hs.srv)
	staller := dial(t, hs.addr)
	for _, set := range []func(int) error{staller.SetReadBuffer, staller.SetWriteBuffer} {
		if err := set(64 << 10); err != nil {
			t.Fatal(err)
		}
	}
	wrote := writeAsync(staller, msg)
	hs.counted(t, "the server to start echoing", func(c server.Counters) bool { return c.BytesOut > 0 })
	if b.CountsPauses() {
		hs.counted(t, "a backpressure pause", func(c server.Counters) bool { return c.BackpressurePauses > 0 })
	}
	other := dial(t, hs.addr)
	for i := range 10 {
		m := pattern(64, byte(i))
		if _, err := other.Write(m); err != nil {
			t.Fatal(err)
		}
		expectEcho(t, other, m)
	}
	memNow, _ := serverMemory(t, hs.srv)
	if grown, limit := memNow-memBefore, int64(8<<20); grown > limit {
		t.Errorf("server %s grew by %d bytes while a client stalled, want <= %d", mem, grown, limit)
	}
	if _, err := io.ReadFull(staller, got); err != nil {
		t.Fatalf("reading the stalled echo: %v", err)
	}
	if err := <-wrote; err != nil {
		t.Fatalf("write: %v", err)
	}
	if !bytes.Equal(got, msg) {
		t.Fatal("stalled echo differs from what was sent")
	}
}

// liveHeap returns the bytes of live heap objects after a collection.
func liveHeap() int64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return int64(ms.HeapAlloc)
}
