package loadgen

import (
	"context"
	"testing"
	"time"
)

// TestOpenLoopDoesNotSpinWhenServerFallsBehind (#12 item 3): when the
// server falls behind, an open-loop connection that cannot take another
// request (its output buffer is full, or the run's limit is reached) is not
// due: the driver must sleep until a reply, an output edge or a deadline,
// not poll with a zero timeout. Counted in wait calls: at most about one
// per request sent, plus the timer's wake-ups.
func TestOpenLoopDoesNotSpinWhenServerFallsBehind(t *testing.T) {
	tests := []struct {
		name    string
		msgSize int
		limit   uint64
	}{
		// 4 KiB at 50k/s fills the socket buffers of a server that never
		// reads within the window, then the 256 KiB output buffer.
		{"output-buffer-full", 4096, 0},
		// The limit is reached in the first milliseconds; the requests are
		// never answered, so the driver waits for them to time out.
		{"limit-reached", 64, 100},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			release := make(chan struct{})
			srv := startServer(t, holdAfter(0, release))
			t.Cleanup(func() { close(release) }) // before the server's cleanup waits for its connections
			g := dialT(t, Config{Addrs: []string{srv.addr()}, Active: 1, MsgSize: tt.msgSize, Mode: Open,
				Rate: 50000, Timeout: 400 * time.Millisecond})
			d := g.drivers[0]
			d.limit = tt.limit
			before := d.w.waits
			res, err := g.Run(context.Background(), 300*time.Millisecond, nil)
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
			waits := d.w.waits - before
			if res.Sent == 0 || waits > 2*res.Sent+64 {
				t.Fatalf("%d wait calls for %d requests sent: the driver spun (want at most %d)", waits, res.Sent, 2*res.Sent+64)
			}
			t.Logf("%d wait calls, %d requests sent", waits, res.Sent)
		})
	}
}
