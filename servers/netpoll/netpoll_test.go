package netpoll

import (
	"context"
	"io"
	"net"
	"testing"
	"time"

	"github.com/muxbench/muxbench/internal/handler"
	"github.com/muxbench/muxbench/internal/reactor/reactortest"
	"github.com/muxbench/muxbench/internal/server"
)

// BenchmarkEchoRoundTrip times one 64-byte echo on one connection. It
// reports no syscalls/op: the runtime poller's epoll_wait calls and EAGAIN
// reads are invisible to this package, so any figure would be a guess.
// ctxsw/op counts the whole process, client included
// (reactortest.Switches).
func BenchmarkEchoRoundTrip(b *testing.B) {
	srv, err := New(server.Config{Addrs: []string{"127.0.0.1:0"}, Handler: handler.Echo{}})
	if err != nil {
		b.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(context.Background()) }()
	defer func() {
		srv.Close()
		if err := <-served; err != nil {
			b.Error(err)
		}
	}()
	c, err := net.Dial("tcp", srv.Addrs()[0].String())
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	if err := c.SetDeadline(time.Now().Add(time.Minute)); err != nil {
		b.Fatal(err)
	}
	msg, got := make([]byte, 64), make([]byte, 64)
	switches := reactortest.ReadSwitches(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Write(msg); err != nil {
			b.Fatal(err)
		}
		if _, err := io.ReadFull(c, got); err != nil {
			b.Fatal(err)
		}
	}
	switches.Report(b, b.N)
}
