package loadgen

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/muxbench/muxbench/internal/handler"
	epollet "github.com/muxbench/muxbench/servers/epoll_et"
)

// runFunc measures one window of one workload against a server the test
// started.
type runFunc func(ctx context.Context, d time.Duration, h *Hooks) (*Result, error)

// workloadRuns starts a server for each workload and returns how to run it.
func workloadRuns(t *testing.T) []struct {
	name string
	run  runFunc
} {
	generator := func(cfg Config) runFunc {
		srv := startServer(t, echo)
		cfg.Addrs = []string{srv.addr()}
		g := dialT(t, cfg)
		return g.Run
	}
	rpc, err := handler.NewRPC(handler.Options{})
	if err != nil {
		t.Fatal(err)
	}
	bulkAddr := startBackend(t, epollet.New, rpc).Addrs()[0].String()
	pingAddr := startBackend(t, epollet.New, handler.Sockperf{}).Addrs()[0].String()
	churnAddr := startServer(t, echo).addr()
	return []struct {
		name string
		run  runFunc
	}{
		{"closed", generator(Config{Active: 2, Idle: 5})},
		{"open", generator(Config{Active: 2, Mode: Open, Rate: 2000})},
		{"idle-pings-only", generator(Config{Idle: 20, IdlePing: 5 * time.Millisecond})},
		{"churn", func(ctx context.Context, d time.Duration, h *Hooks) (*Result, error) {
			return Churn(ctx, ChurnConfig{Addrs: []string{churnAddr}, Conns: 2, Limit: 200}, d, h)
		}},
		{"bulk", func(ctx context.Context, d time.Duration, h *Hooks) (*Result, error) {
			return Bulk(ctx, BulkConfig{Addrs: []string{bulkAddr}, Conns: 2, ReplySize: 4096}, d, h)
		}},
		{"ping-pong", func(ctx context.Context, d time.Duration, h *Hooks) (*Result, error) {
			return PingPong(ctx, PingPongConfig{Addr: pingAddr, MsgSize: 64}, d, h)
		}},
	}
}

// TestEveryWorkloadKeepsTheWindowContract: every workload runs through the
// one window runner, so each calls the hooks once, Start before End, around
// a window no longer than asked, and a cancel stops it with the reason.
func TestEveryWorkloadKeepsTheWindowContract(t *testing.T) {
	for _, w := range workloadRuns(t) {
		t.Run(w.name, func(t *testing.T) {
			var order []string
			h := &Hooks{Start: func() { order = append(order, "start") }, End: func() { order = append(order, "end") }}
			const d = 200 * time.Millisecond
			res, err := w.run(context.Background(), d, h)
			if err != nil || res.Failure() != "" {
				t.Fatalf("run: %v, failure %q", err, res.Failure())
			}
			if len(order) != 2 || order[0] != "start" || order[1] != "end" {
				t.Fatalf("hooks called %v, want [start end]", order)
			}
			if res.Window <= 0 || res.Window > d {
				t.Fatalf("window %v, want in (0, %v]", res.Window, d)
			}
			if res.Elapsed < res.Window {
				t.Fatalf("elapsed %v, shorter than the window %v: the runner's view starts at the window's opening and ends after it", res.Elapsed, res.Window)
			}
			if res.Received == 0 && (res.IdlePing == nil || res.IdlePing.Answered == 0) {
				t.Fatalf("nothing measured: %+v", res)
			}
			ctx, cancel := context.WithCancel(context.Background())
			res, err = w.run(ctx, 5*time.Second, &Hooks{Start: cancel})
			if !errors.Is(err, context.Canceled) || res.Stopped == "" || res.Window >= 5*time.Second {
				t.Fatalf("cancelled: err %v, stopped %q, window %v: want context.Canceled, early", err, res.Stopped, res.Window)
			}
		})
	}
}
