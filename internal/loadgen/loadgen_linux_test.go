package loadgen

import (
	"context"
	"errors"
	"net/netip"
	"testing"
	"time"
)

func dialT(t *testing.T, cfg Config) *Generator {
	t.Helper()
	g, err := Dial(context.Background(), cfg)
	if err != nil {
		t.Fatalf("Dial: %v", err)
	}
	t.Cleanup(g.Close)
	return g
}

func TestCountsAddUp(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
	}{
		{name: "closed-1", cfg: Config{Active: 1, Idle: 20}},
		{name: "closed-4-two-loops", cfg: Config{Active: 4, Idle: 20, Loops: 2}},
		{name: "open-2", cfg: Config{Active: 2, Idle: 20, Mode: Open, Rate: 2000}},
		{name: "open-idle-ping", cfg: Config{Active: 1, Idle: 50, Mode: Open, Rate: 500, IdlePing: 20 * time.Millisecond}},
		{name: "big-messages", cfg: Config{Active: 2, MsgSize: 100 << 10}},
		{name: "source-addrs-connect-rate", cfg: Config{Active: 2, Idle: 30, ConnectRate: 5000,
			SourceAddrs: []netip.Addr{netip.MustParseAddr("127.0.0.2"), netip.MustParseAddr("127.0.0.3")}}},
		{name: "fleet-2000", cfg: Config{Active: 1, Idle: 2000}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := startServer(t, echo)
			tt.cfg.Addrs = []string{srv.addr()}
			g := dialT(t, tt.cfg)
			if f := g.Fleet(); f.Established != tt.cfg.Idle || f.Requested != tt.cfg.Idle {
				t.Fatalf("fleet %+v, want %d established", f, tt.cfg.Idle)
			}
			if _, err := g.Run(context.Background(), 20*time.Millisecond, nil); err != nil {
				t.Fatalf("warm-up: %v", err)
			}
			var starts, ends int
			res, err := g.Run(context.Background(), 150*time.Millisecond, &Hooks{Start: func() { starts++ }, End: func() { ends++ }})
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
			checkClean(t, res)
			if starts != 1 || ends != 1 {
				t.Errorf("hooks called %d/%d times, want 1/1", starts, ends)
			}
			if tt.cfg.IdlePing > 0 && (res.IdlePing == nil || res.IdlePing.Sent == 0 || res.IdlePing.Answered+res.IdlePing.Lost != res.IdlePing.Sent) {
				t.Errorf("idle ping %+v: want some sent, answered+lost = sent", res.IdlePing)
			}
			if sw := g.Sweep(context.Background()); sw.Probed != tt.cfg.Idle || sw.Answered != tt.cfg.Idle {
				t.Errorf("sweep %+v, want all %d answered", sw, tt.cfg.Idle)
			}
		})
	}
}

// checkClean asserts a run against a correct echo server: no errors, and
// sent = received (recorded) + late, a closed loop having at most one
// request per connection still in flight when the window ends.
func checkClean(t *testing.T, res *Result) {
	t.Helper()
	if res.Errors.Total() != 0 || res.Failure() != "" {
		t.Fatalf("errors %+v, failure %q", res.Errors, res.Failure())
	}
	if res.Sent == 0 || res.Sent != res.Received+res.LateReplies || uint64(res.Hist.TotalCount()) != res.Received {
		t.Fatalf("sent %d, received %d + late %d, recorded %d: want sent = received + late, recorded = received, > 0",
			res.Sent, res.Received, res.LateReplies, res.Hist.TotalCount())
	}
	if res.Mode == Closed && res.LateReplies > uint64(res.Active) {
		t.Fatalf("%d late replies from %d closed-loop connections", res.LateReplies, res.Active)
	}
	if res.UncorrectedHist != nil && uint64(res.UncorrectedHist.TotalCount()) != res.Received {
		t.Fatalf("uncorrected recorded %d, received %d", res.UncorrectedHist.TotalCount(), res.Received)
	}
	if res.MergeDropped != 0 {
		t.Fatalf("merge dropped %d values", res.MergeDropped)
	}
	var inIntervals int64
	for _, iv := range res.Intervals {
		inIntervals += iv.Latency.TotalCount()
	}
	if uint64(inIntervals) != res.Received {
		t.Fatalf("intervals hold %d values, received %d", inIntervals, res.Received)
	}
}

func TestRefusedAddressIsConnectError(t *testing.T) {
	srv := startServer(t, echo)
	addr := srv.addr()
	srv.close()
	for _, cfg := range []Config{{Idle: 5, Active: 1}, {Active: 1}} {
		cfg.Addrs = []string{addr}
		_, err := Dial(context.Background(), cfg)
		var ce *ConnectError
		if !errors.As(err, &ce) || ce.Addr != addr {
			t.Fatalf("Dial to a closed port: %v, want a *ConnectError naming %s", err, addr)
		}
	}
}

func TestFleetTooLargeIsRefused(t *testing.T) {
	_, err := Dial(context.Background(), Config{Addrs: []string{"127.0.0.1:9"}, Idle: 1 << 30, Active: 1})
	var le *LimitError
	if !errors.As(err, &le) {
		t.Fatalf("got %v, want a *LimitError", err)
	}
}
