package iouring_test

import (
	"sync"
	"testing"

	"github.com/muxbench/muxbench/internal/registry"
	"github.com/muxbench/muxbench/internal/server"
	"github.com/muxbench/muxbench/internal/servertest"
	iouring "github.com/muxbench/muxbench/servers/io_uring"
)

func backend(name string, o iouring.Options) servertest.Backend {
	b := registry.MustLookup(registry.IOUring)
	b.Name, b.New = name, o.New
	return b
}

func TestConformance(t *testing.T) {
	if err := iouring.Available(); err != nil {
		t.Skip(err)
	}
	servertest.Run(t, backend("io_uring", iouring.Options{}))
}

// TestConformanceStarved runs the whole suite on a 2-entry submission
// queue and two 256-byte provided buffers, so that nearly every turn fills
// the ring and nearly every recv runs out of buffers, and with single
// recvs, the path of kernels without the multishot recv limit: those paths
// must keep every byte in order, backpressure and close working, and
// nothing leaked. The servers' final counters prove the paths were taken.
func TestConformanceStarved(t *testing.T) {
	if err := iouring.Available(); err != nil {
		t.Skip(err)
	}
	var mu sync.Mutex
	var servers []server.Server
	o := iouring.WithSingleRecvs(iouring.Options{Entries: 2, Buffers: 2, BufferSize: 256})
	b := backend("io_uring-starved", o)
	b.New = func(cfg server.Config) (server.Server, error) {
		srv, err := o.New(cfg)
		if err == nil {
			mu.Lock()
			servers = append(servers, srv)
			mu.Unlock()
		}
		return srv, err
	}
	servertest.Run(t, b)
	var full, noBufs uint64
	for _, srv := range servers {
		c := srv.Counters() // closed: the final snapshot
		full += c.RingFull
		noBufs += c.NoBuffers
	}
	t.Logf("%d servers: %d ring-full events, %d recvs out of buffers", len(servers), full, noBufs)
	if full == 0 || noBufs == 0 {
		t.Errorf("ring-full events %d, out-of-buffer recvs %d: want both > 0 (the paths this test is for)", full, noBufs)
	}
}

// TestConformanceSQPoll runs the suite with a kernel thread polling the
// submission queue (it spins on a core while the suite runs). With SQPOLL
// the kernel posts completions at any time, not only inside the loop's
// enter; the default 16 MiB buffer pool must still fit the suite's 8 MiB
// bound on heap growth behind a stalled client, since each recv ends
// after one buffer's worth (see Options.Buffers).
func TestConformanceSQPoll(t *testing.T) {
	if testing.Short() {
		t.Skip("SQPOLL spins a core; skipped with -short")
	}
	if err := iouring.Available(); err != nil {
		t.Skip(err)
	}
	servertest.Run(t, backend("io_uring-sqpoll", iouring.Options{SQPoll: true}))
}
