package loadgen

import (
	"context"
	"runtime"
	"testing"
	"time"
)

// TestRawWaitsLeaveAPToSpare: a window's threads wait raw (holding their
// P) only while every window's threads leave a P for the rest; with one P
// the waits are the scheduler's, or the runner's timer would wait for the
// runtime to preempt the driver (10 ms) before the window could end. The
// waiter is the scheduler's again once the window is over.
func TestRawWaitsLeaveAPToSpare(t *testing.T) {
	srv := startServer(t, echo)
	g := dialT(t, Config{Addrs: []string{srv.addr()}, Active: 1})
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	const d = 100 * time.Millisecond
	var late time.Duration
	for range 3 { // a shared machine can make any one window late
		res, err := g.Run(context.Background(), d, nil)
		if err != nil {
			t.Fatal(err)
		}
		if late = res.Elapsed - res.Window; late < 5*time.Millisecond {
			break
		}
	}
	if late >= 5*time.Millisecond {
		t.Fatalf("with GOMAXPROCS 1 the runner saw the window end %v late", late)
	}
	if rawWaits(1) || g.drivers[0].w.raw {
		t.Fatalf("raw waits with no P to spare (or left on after the window)")
	}
	runtime.GOMAXPROCS(2)
	if !rawWaits(1) || rawWaits(2) {
		t.Fatalf("rawWaits with 2 Ps: 1 thread %v, 2 threads %v; want true, false", rawWaits(1), rawWaits(2))
	}
}
