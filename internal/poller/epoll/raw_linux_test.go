package epoll

import (
	"testing"
	"time"

	"github.com/muxbench/muxbench/internal/reactor/reactortest"
	"golang.org/x/sys/unix"
)

// TestWaitPreciseRaw: the raw nanosecond wait reports events and data words as the others
// do, waits out its timeout when nothing is ready (nanosecond and, in the
// ENOSYS fallback, millisecond), and allocates nothing; both with a
// forever timeout on a ready fd.
func TestWaitPreciseRaw(t *testing.T) {
	for _, coarse := range []bool{false, true} {
		in, fd := readyInstance(t, coarse)
		buf := make([]unix.EpollEvent, 4)
		for _, timeout := range []time.Duration{0, time.Millisecond, -1} {
			if n, err := in.WaitPreciseRaw(buf, timeout); err != nil || n != 1 || buf[0].Fd != int32(fd) {
				t.Fatalf("coarse %v, timeout %v: %d events %+v, %v; want the kicked eventfd", coarse, timeout, n, buf[0], err)
			}
		}
		if allocs := testing.AllocsPerRun(100, func() { in.WaitPreciseRaw(buf, time.Millisecond) }); allocs != 0 {
			t.Fatalf("%v allocations per raw wait", allocs)
		}
		empty := newInstance(t, coarse)
		begin := time.Now()
		if n, err := empty.WaitPreciseRaw(buf, 2*time.Millisecond); err != nil || n != 0 {
			t.Fatalf("empty instance: %d, %v", n, err)
		}
		if took := time.Since(begin); took < time.Millisecond {
			t.Fatalf("coarse %v: a 2 ms wait returned after %v", coarse, took)
		}
	}
}

// TestWaitRawEndsOnASignal: a signal to the waiting thread (as the
// runtime's preemption sends) ends a raw wait early with no events, so
// the caller gets back to Go code; a forever wait then cannot hold the
// thread past the signal.
func TestWaitRawEndsOnASignal(t *testing.T) {
	in := newInstance(t, false)
	buf := make([]unix.EpollEvent, 1)
	stop := reactortest.InterruptThread(t)
	defer stop()
	begin := time.Now()
	n, err := in.WaitPreciseRaw(buf, -1)
	if err != nil || n != 0 {
		t.Fatalf("interrupted forever wait: %d, %v; want 0 events, no error", n, err)
	}
	if took := time.Since(begin); took > 5*time.Second {
		t.Fatalf("took %v", took)
	}
}
