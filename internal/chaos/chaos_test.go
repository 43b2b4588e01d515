package chaos

import (
	"context"
	"net"
	"testing"
	"time"

	"github.com/muxbench/muxbench/internal/handler"
	"github.com/muxbench/muxbench/internal/server"
	epollet "github.com/muxbench/muxbench/servers/epoll_et"
	epolllt "github.com/muxbench/muxbench/servers/epoll_lt"
	"github.com/muxbench/muxbench/servers/netpoll"
	pollsrv "github.com/muxbench/muxbench/servers/poll"
	selectsrv "github.com/muxbench/muxbench/servers/select"
)

func TestChaosEveryBackend(t *testing.T) {
	backends := []struct {
		name string
		New  func(server.Config) (server.Server, error)
	}{
		{"select", selectsrv.New}, {"poll", pollsrv.New}, {"epoll_lt", epolllt.New},
		{"epoll_et", epollet.New}, {"netpoll", netpoll.New},
	}
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			srv, err := b.New(server.Config{Addrs: []string{"127.0.0.1:0"}, Handler: handler.Echo{}})
			if err != nil {
				t.Fatal(err)
			}
			errc := make(chan error, 1)
			go func() { errc <- srv.Serve(context.Background()) }()
			defer func() {
				srv.Close()
				if err := <-errc; err != nil {
					t.Errorf("Serve: %v", err)
				}
			}()
			cfg := Config{Addrs: []string{srv.Addrs()[0].String()}, Clients: 4, Duration: 10 * time.Second,
				MaxExchanges: 150, MaxMsg: 8 << 10, MaxDepth: 8, Seed: 1}
			rep, err := Run(context.Background(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			if rep.AnomalyCount() != 0 {
				t.Fatalf("anomalies: %v (%v)", rep.Anomalies, rep.Examples)
			}
			if rep.Exchanges == 0 || rep.Injected["reset"] == 0 || rep.Injected["half-close"] == 0 {
				t.Errorf("too little verified or injected: %+v", rep)
			}
			t.Logf("%s: %d exchanges, %d bytes verified, injected %v", b.name, rep.Exchanges, rep.Bytes, rep.Injected)
		})
	}
}

// TestChaosSeesBrokenServers: a server that corrupts, truncates or never
// closes after a half-close is caught, each as its own kind.
func TestChaosSeesBrokenServers(t *testing.T) {
	cases := []struct {
		name  string
		serve func(net.Conn)
		kinds []string
	}{
		{"corrupts", func(c net.Conn) {
			b := make([]byte, 1)
			for {
				if _, err := c.Read(b); err != nil {
					return
				}
				b[0] ^= 0x40
				c.Write(b)
			}
		}, []string{"mismatch"}},
		{"hangs-up", func(c net.Conn) {
			b := make([]byte, 1)
			c.Read(b)
		}, []string{"short", "reset-by-server"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			defer ln.Close()
			go func() {
				for {
					c, err := ln.Accept()
					if err != nil {
						return
					}
					go func() { defer c.Close(); tc.serve(c) }()
				}
			}()
			rep, err := Run(context.Background(), Config{Addrs: []string{ln.Addr().String()}, Clients: 1,
				Duration: 5 * time.Second, MaxExchanges: 20, MaxMsg: 64, MaxDepth: 2, Timeout: time.Second, Seed: 7})
			if err != nil {
				t.Fatal(err)
			}
			seen := uint64(0)
			for _, k := range tc.kinds {
				seen += rep.Anomalies[k]
			}
			if seen == 0 || seen != rep.AnomalyCount() {
				t.Fatalf("anomalies %v, want only %v", rep.Anomalies, tc.kinds)
			}
		})
	}
}

func TestConfigBounds(t *testing.T) {
	for _, cfg := range []Config{
		{},
		{Addrs: []string{"127.0.0.1:1"}, Duration: time.Second},
		{Addrs: []string{"127.0.0.1:1"}, MaxExchanges: 1},
		{Addrs: []string{"127.0.0.1:1"}, Duration: time.Second, MaxExchanges: 1, MaxMsg: MaxBatch, MaxDepth: 2},
	} {
		if _, err := Run(context.Background(), cfg); err == nil {
			t.Errorf("%+v: accepted", cfg)
		}
	}
}
