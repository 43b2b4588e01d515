package loadgen

import (
	"context"
	"runtime/metrics"
	"testing"
	"time"
)

// heapAllocs is the bytes this process has allocated on the heap so far.
func heapAllocs() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// TestWindowAllocatesNothing (#13): between the window's hooks the
// generator allocates (almost) nothing — its interval histograms are made
// before the window opens, and a collection runs before it — so the
// garbage collector has no reason to run inside it, where its work on the
// generator's CPU would be tail latency charged to the server. Before,
// each window's interval histograms (216 KiB each) were made inside it.
func TestWindowAllocatesNothing(t *testing.T) {
	srv := startServer(t, echo)
	for _, cfg := range []Config{{Active: 1}, {Active: 2, Mode: Open, Rate: 2000}} {
		cfg.Addrs = []string{srv.addr()}
		g := dialT(t, cfg)
		var before, after uint64
		if _, err := g.Run(context.Background(), 300*time.Millisecond, &Hooks{Start: func() { before = heapAllocs() }, End: func() { after = heapAllocs() }}); err != nil {
			t.Fatal(err)
		}
		if got := after - before; got > 64<<10 {
			t.Errorf("%s: %d bytes allocated inside a 300 ms window, want under 64 KiB", cfg.Mode, got)
		}
	}
}
