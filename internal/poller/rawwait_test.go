package poller_test

import (
	"testing"
	"time"

	"github.com/muxbench/muxbench/internal/reactor"
	"github.com/muxbench/muxbench/internal/reactor/reactortest"
)

// TestWaitRawEndsOnEINTR: a signal aimed at the waiting thread ends a raw
// wait early, with no events and no error, and counts one wait call; a
// raw wait that is not interrupted lasts its timeout. The timeout (a full
// second) is far longer than the signals' period, so the early end can only
// be the signal. Bounded: one wait per case, signals every 200 µs.
func TestWaitRawEndsOnEINTR(t *testing.T) {
	const timeoutMs = 1000
	for _, pc := range basePollers {
		t.Run(pc.name, func(t *testing.T) {
			p := newPoller(t, pc.new) // watching nothing: never ready
			events := make([]reactor.Event, 4)
			before := p.Stats().WaitCalls
			stop := reactortest.InterruptThread(t)
			start := time.Now()
			n, err := p.WaitRaw(events, timeoutMs)
			took := time.Since(start)
			stop()
			if n != 0 || err != nil {
				t.Fatalf("interrupted WaitRaw = %d, %v; want 0, nil", n, err)
			}
			if took >= timeoutMs*time.Millisecond {
				t.Fatalf("WaitRaw took %v: the signals did not end it", took)
			}
			if calls := p.Stats().WaitCalls - before; calls != 1 {
				t.Fatalf("%d wait calls, want 1 (EINTR is not retried)", calls)
			}
		})
	}
}
