package loadgen

import (
	"context"
	"net/netip"
	"testing"
	"time"

	"github.com/muxbench/muxbench/internal/handler"
	"github.com/muxbench/muxbench/internal/registry"
	"github.com/muxbench/muxbench/internal/server"
	epollet "github.com/muxbench/muxbench/servers/epoll_et"
)

// startBackend runs a backend with h on 127.0.0.1:0 until the test ends.
func startBackend(t *testing.T, newServer func(server.Config) (server.Server, error), h handler.Handler) server.Server {
	t.Helper()
	srv, err := newServer(server.Config{Addrs: []string{"127.0.0.1:0"}, Handler: h})
	if err != nil {
		t.Fatal(err)
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(context.Background()) }()
	t.Cleanup(func() {
		srv.Close()
		if err := <-errc; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	return srv
}

// TestChurnCountsPerConnection: every request is a connection, verified,
// and the backend pays one accept and (epoll only) an ADD and a DEL for each.
func TestChurnCountsPerConnection(t *testing.T) {
	const conns = 300
	srcs := []netip.Addr{netip.MustParseAddr("127.0.0.2"), netip.MustParseAddr("127.0.0.3")}
	for _, b := range registry.EventLoops() {
		t.Run(b.Name, func(t *testing.T) {
			srv := startBackend(t, b.New, handler.Echo{})
			cfg := ChurnConfig{Addrs: []string{srv.Addrs()[0].String()}, SourceAddrs: srcs, Conns: 4, Limit: conns}
			var before, after server.Counters
			res, err := Churn(context.Background(), cfg, 10*time.Second,
				&Hooks{Start: func() { before = srv.Counters() }})
			if err != nil {
				t.Fatalf("Churn: %v", err)
			}
			checkClean(t, res)
			if res.Connections != conns || res.Sent != conns {
				t.Fatalf("connections %d, sent %d: want %d each", res.Connections, res.Sent, conns)
			}
			after = waitCloses(t, srv, before.Closes+conns)
			d := after.Sub(before)
			if d.Accepts != conns {
				t.Errorf("accepts %d, want %d", d.Accepts, conns)
			}
			if d.AcceptCalls < conns || d.AcceptCalls > 3*conns {
				t.Errorf("accept4 calls %d for %d connections: want 1..3 each (the last one EAGAIN)", d.AcceptCalls, conns)
			}
			wantCtl := uint64(0)
			if b.CtlSyscalls {
				wantCtl = 2 * conns // ADD at accept, DEL before close
			}
			// ET: ADD at accept, DEL before close. LT also turns read
			// interest off at EOF: one MOD more.
			if d.CtlSyscalls < wantCtl || d.CtlSyscalls > wantCtl*3/2 {
				t.Errorf("ctl syscalls %d, want %d..%d (interest changes %d)", d.CtlSyscalls, wantCtl, wantCtl*3/2, d.InterestChanges)
			}
		})
	}
}

// waitCloses polls the server's counters until it has closed n connections
// in all (the client closes first; the server's close follows its EOF). It
// is bounded by count and time, and fails the test on the bound.
func waitCloses(t *testing.T, srv server.Server, n uint64) server.Counters {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		c := srv.Counters()
		if c.Closes >= n {
			return c
		}
		if time.Now().After(deadline) {
			t.Fatalf("server closed %d connections, want %d", c.Closes, n)
		}
		time.Sleep(time.Millisecond) // polling a counter, not synchronising on it
	}
}

// waitActive polls the server's counters until it holds n connections,
// bounded by time (the accept runs on the server's own thread).
func waitActive(t *testing.T, srv server.Server, n uint64) server.Counters {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		c := srv.Counters()
		if c.Active >= n || time.Now().After(deadline) {
			return c
		}
		time.Sleep(time.Millisecond) // polling a counter, not synchronising on it
	}
}

// TestBulkSlowReader: big replies to a slow reader are verified byte by
// byte; the server pauses reading (backpressure); LT changes write interest
// with epoll_ctl while ET, registered once, makes no ctl syscall.
func TestBulkSlowReader(t *testing.T) {
	// Depth × reply is above the socket buffers (sndbuf autotunes to 4 MiB
	// on loopback) plus MaxPending, so the server must hold output back.
	// The rpc handler now yields after each call's output budget, one
	// 1 MiB reply per loop turn, so a reader at 128 MiB/s could keep up
	// with the turns on a fast machine; at 16 MiB/s it cannot.
	const reply = 1 << 20
	const requests = 16
	for _, b := range registry.EventLoops() {
		t.Run(b.Name, func(t *testing.T) {
			rpc, err := handler.NewRPC(handler.Options{})
			if err != nil {
				t.Fatal(err)
			}
			srv := startBackend(t, b.New, rpc)
			cfg := BulkConfig{Addrs: []string{srv.Addrs()[0].String()}, Conns: 1, ReplySize: reply,
				Depth: 8, ReadRate: 16 << 20, RecvBuf: 32 << 10, Limit: requests}
			var before, after server.Counters
			res, err := Bulk(context.Background(), cfg, 10*time.Second,
				&Hooks{Start: func() { before = waitActive(t, srv, 1) }, End: func() { after = srv.Counters() }})
			if err != nil {
				t.Fatalf("Bulk: %v", err)
			}
			checkClean(t, res)
			if want := uint64(requests * (reply + handler.RPCHeaderSize)); res.BytesVerified != want || res.Received != requests {
				t.Fatalf("verified %d bytes in %d replies, want %d in %d", res.BytesVerified, res.Received, want, requests)
			}
			d := after.Sub(before) // before the client closes: no DEL in it
			if d.BackpressurePauses == 0 {
				t.Errorf("backpressure pauses 0 (write EAGAINs %d): want > 0 for a slow reader", d.WriteEAGAIN)
			}
			switch b.Name {
			case "epoll_lt":
				if d.CtlSyscalls == 0 {
					t.Errorf("LT made no epoll_ctl for write interest")
				}
			case "epoll_et":
				if d.CtlSyscalls != 0 {
					t.Errorf("ET made %d epoll_ctl syscalls, want 0", d.CtlSyscalls)
				}
			}
			if b.Name != "epoll_et" && d.InterestChanges == 0 {
				t.Errorf("%s changed interest 0 times, want > 0", b.Name)
			}
		})
	}
}

// TestBulkRefillsAsSoonAsAReplyIsRead: a bulk connection whose every
// request is answered sends the next one in the same turn of its loop, so
// its thread never sits out a poll timeout with nothing in flight (it did,
// 50 ms per request at depth 1, when it sent before it read).
func TestBulkRefillsAsSoonAsAReplyIsRead(t *testing.T) {
	const requests = 50
	rpc, err := handler.NewRPC(handler.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := startBackend(t, epollet.New, rpc)
	b, err := newBulker(BulkConfig{Addrs: []string{srv.Addrs()[0].String()}, ReplySize: 64, Limit: requests})
	if err != nil {
		t.Fatal(err)
	}
	defer b.close()
	res, err := runSolo(context.Background(), b, b.wn.base, 1, 10*time.Second, nil)
	if err != nil || res.Received != requests {
		t.Fatalf("Bulk: %v, received %d of %d", err, res.Received, requests)
	}
	if b.w.idle > 2 {
		t.Fatalf("%d of %d waits timed out for %d requests: the loop waited with nothing in flight", b.w.idle, b.w.waits, requests)
	}
}

// TestPingPongSockperfFraming: the ping-pong driver speaks sockperf's
// framing to the sockperf handler and verifies every reply.
func TestPingPongSockperfFraming(t *testing.T) {
	srv := startBackend(t, epollet.New, handler.Sockperf{})
	res, err := PingPong(context.Background(), PingPongConfig{Addr: srv.Addrs()[0].String(), MsgSize: 64}, 200*time.Millisecond, nil)
	if err != nil {
		t.Fatalf("PingPong: %v", err)
	}
	if res.Received == 0 || res.Received+res.LateReplies != res.Sent || res.LateReplies > 1 || res.Errors.Total() != 0 {
		t.Fatalf("sent %d, received %d + late %d, errors %+v: want all answered", res.Sent, res.Received, res.LateReplies, res.Errors)
	}
}
