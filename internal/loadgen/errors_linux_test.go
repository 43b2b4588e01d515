package loadgen

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

// reorderFirstTwo swaps the first two messages of size n on a connection.
// The connections of a server share held, one at a time (the generator
// replaces the connection it gave up): mu orders their use of it.
func reorderFirstTwo(n int) behaviour {
	var mu sync.Mutex
	var held []byte
	return func(chunk []byte, off int) ([]byte, bool) {
		if off >= 2*n {
			return chunk, false
		}
		mu.Lock()
		defer mu.Unlock()
		held = append(held, chunk...)
		if len(held) < 2*n {
			return nil, false
		}
		out := append(append(append([]byte{}, held[n:2*n]...), held[:n]...), held[2*n:]...)
		held = nil
		return out, false
	}
}

func TestFaultsAreDetectedByKind(t *testing.T) {
	const size = 64
	tests := []struct {
		name  string
		b     behaviour
		mode  Mode
		check func(Errors) bool
	}{
		{"drops-a-byte", dropByteAt(3*size + 10), Closed, func(e Errors) bool { return e.Mismatch > 0 }},
		{"drops-the-last-byte", dropByteAt(4*size - 1), Closed, func(e Errors) bool { return e.Short > 0 && e.Timeout > 0 }},
		{"flips-a-byte", flipByteAt(3*size + 10), Closed, func(e Errors) bool { return e.Mismatch > 0 }},
		{"flips-a-header-byte", flipByteAt(3*size + 1), Closed, func(e Errors) bool { return e.Mismatch > 0 }},
		{"stalls", stallAfter(5 * size), Closed, func(e Errors) bool { return e.Timeout > 0 }},
		{"closes-early", closeAfter(5 * size), Closed, func(e Errors) bool { return e.ClosedByPeer > 0 }},
		{"closes-mid-reply", closeAfter(5*size + 7), Closed, func(e Errors) bool { return e.ClosedByPeer > 0 && e.Short > 0 }},
		{"reorders", reorderFirstTwo(size), Open, func(e Errors) bool { return e.Reorder > 0 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := startServer(t, tt.b)
			cfg := Config{Addrs: []string{srv.addr()}, Active: 1, MsgSize: size, Mode: tt.mode, Timeout: 30 * time.Millisecond}
			if tt.mode == Open {
				cfg.Rate = 20000 // so that two requests are in flight together
			}
			g := dialT(t, cfg)
			res, err := g.Run(context.Background(), 100*time.Millisecond, nil)
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
			if !tt.check(res.Errors) {
				t.Fatalf("errors %+v: the fault was not reported by its kind", res.Errors)
			}
			if tt.check(Errors{}) || res.Received+res.LateReplies+res.Lost != res.Sent {
				t.Fatalf("received %d + late %d + lost %d != sent %d", res.Received, res.LateReplies, res.Lost, res.Sent)
			}
			if res.Errors.Verify() > 0 && res.Failure() == "" {
				t.Fatal("a verify error did not fail the run")
			}
		})
	}
}

func TestServerGoneEndsRunWithReason(t *testing.T) {
	srv := startServer(t, echo)
	g := dialT(t, Config{Addrs: []string{srv.addr()}, Active: 2})
	srv.close()
	res, err := g.Run(context.Background(), 5*time.Second, nil)
	var ce *ConnectError
	if !errors.As(err, &ce) || res == nil || res.Stopped == "" || res.Errors.Connect == 0 {
		t.Fatalf("err %v, result %+v: want a ConnectError and a stop reason", err, res)
	}
	if res.Window >= 5*time.Second {
		t.Fatalf("window %v: the run did not stop early", res.Window)
	}
}

func TestCancelStopsWithWhatWasMeasured(t *testing.T) {
	srv := startServer(t, echo)
	g := dialT(t, Config{Addrs: []string{srv.addr()}, Active: 1})
	ctx, cancel := context.WithCancel(context.Background())
	res, err := g.Run(ctx, 5*time.Second, &Hooks{Start: cancel})
	if !errors.Is(err, context.Canceled) || res.Stopped == "" {
		t.Fatalf("err %v, stopped %q: want context.Canceled", err, res.Stopped)
	}
}

// A server that pauses 200 ms under a 1,000 req/s schedule: the corrected
// latency must show the pause; the uncorrected median must not.
func TestOpenLoopCorrection(t *testing.T) {
	const size = 64
	srv := startServer(t, pauseOnceAfter(200*size, 200*time.Millisecond))
	g := dialT(t, Config{Addrs: []string{srv.addr()}, Active: 1, MsgSize: size, Mode: Open, Rate: 1000})
	res, err := g.Run(context.Background(), 1200*time.Millisecond, nil)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	checkClean(t, res)
	if res.Latency.Max < 150e3 || res.Latency.Max > 1e6 {
		t.Errorf("corrected max %.0f µs, want near 200 ms", res.Latency.Max)
	}
	if res.Uncorrected.P50 > 50e3 {
		t.Errorf("uncorrected p50 %.0f µs, want small", res.Uncorrected.P50)
	}
	if res.Latency.P99 < 100e3 {
		t.Errorf("corrected p99 %.0f µs: the pause does not show", res.Latency.P99)
	}
}
