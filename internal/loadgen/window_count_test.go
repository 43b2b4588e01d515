package loadgen

import (
	"context"
	"sync"
	"testing"
	"time"
)

// TestAchievedRateCountsOnlyRepliesInTheWindow (#12 item 4): a server that
// answers the first n requests and holds the rest until the window has
// ended must be credited with at most n replies; those that come in the
// drain are counted apart, as late, and kept out of the latency histogram
// and the achieved rate.
func TestAchievedRateCountsOnlyRepliesInTheWindow(t *testing.T) {
	const size, n = 64, 50
	tests := []struct {
		name string
		cfg  Config
	}{
		{"closed", Config{Active: 1, MsgSize: size}},
		{"open", Config{Active: 1, MsgSize: size, Mode: Open, Rate: 1000}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			release := make(chan struct{})
			var once sync.Once
			open := func() { once.Do(func() { close(release) }) }
			t.Cleanup(open)
			srv := startServer(t, holdAfter(n*size, release))
			tt.cfg.Addrs = []string{srv.addr()}
			g := dialT(t, tt.cfg)
			res, err := g.Run(context.Background(), 300*time.Millisecond, &Hooks{End: open})
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
			if res.Received == 0 || res.Received > n || res.Sent <= n {
				t.Fatalf("received %d of %d sent in the window: want 1..%d (the server answered %d before the end)", res.Received, res.Sent, n, n)
			}
			if res.Received+res.LateReplies != res.Sent || res.Lost != 0 {
				t.Fatalf("received %d + late %d != sent %d (lost %d)", res.Received, res.LateReplies, res.Sent, res.Lost)
			}
			if uint64(res.Hist.TotalCount()) != res.Received || res.Late == nil || res.Late.Count != res.LateReplies {
				t.Fatalf("histogram holds %d, late summary %+v: want %d in the window, %d late", res.Hist.TotalCount(), res.Late, res.Received, res.LateReplies)
			}
			if got := res.ReqPerSec * res.Window.Seconds(); got < float64(res.Received)-0.5 || got > float64(res.Received)+0.5 {
				t.Fatalf("req/s %.1f over %v is %.1f requests, received %d", res.ReqPerSec, res.Window, got, res.Received)
			}
		})
	}
}
