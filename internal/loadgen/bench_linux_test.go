package loadgen

import (
	"context"
	"runtime"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkActivePath drives b.N requests through one driver against an
// in-process echo server; allocs/op covers the whole request path (enqueue,
// write, epoll wait, read, verify, record) and must be 0. It reports the
// process's CPU per request too (the server goroutines included).
func BenchmarkActivePath(b *testing.B) {
	for _, tc := range []struct {
		name string
		cfg  Config
	}{
		{"closed-1", Config{Active: 1}},
		{"closed-8", Config{Active: 8}},
		{"open-1", Config{Active: 1, Mode: Open, Rate: 1e9}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			srv := startServer(b, echo)
			tc.cfg.Addrs = []string{srv.addr()}
			g, err := Dial(context.Background(), tc.cfg)
			if err != nil {
				b.Fatal(err)
			}
			defer g.Close()
			if _, err := g.Run(context.Background(), 50*time.Millisecond, nil); err != nil {
				b.Fatal(err)
			}
			d := g.drivers[0]
			d.limit = uint64(b.N)
			var stop atomic.Bool
			wn := window{base: g.base, stop: &stop}
			wn.start = wn.now()
			wn.end = wn.start + int64(time.Minute)
			b.ReportAllocs()
			b.ResetTimer()
			runtime.LockOSThread()
			drive(d, wn)
			runtime.UnlockOSThread()
			b.StopTimer()
			if d.fatal != nil || d.rec.errors.Total() != 0 || d.rec.received != uint64(b.N) {
				b.Fatalf("fatal %v, errors %+v, received %d of %d", d.fatal, d.rec.errors, d.rec.received, b.N)
			}
		})
	}
}
