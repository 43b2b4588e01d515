package reactortest

import (
	"context"
	"fmt"
	"net"
	"runtime"
	"testing"

	"github.com/muxbench/muxbench/internal/handler"
	"github.com/muxbench/muxbench/internal/server"
	"golang.org/x/sys/unix"
)

// NewServer is a backend constructor (selectsrv.New, pollsrv.New, ...).
type NewServer func(server.Config) (server.Server, error)

const (
	requestSize = 64
	warmUp      = 200
	roundTrips  = 10_000
)

// Start runs a backend with the echo handler on 127.0.0.1:0 until the test
// ends, and checks at cleanup that Serve returned nil.
func Start(tb testing.TB, newServer NewServer) server.Server {
	tb.Helper()
	srv, err := newServer(server.Config{Addrs: []string{"127.0.0.1:0"}, Handler: handler.Echo{}})
	if err != nil {
		tb.Fatal(err)
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(context.Background()) }()
	tb.Cleanup(func() {
		srv.Close()
		if err := <-errc; err != nil {
			tb.Errorf("Serve: %v", err)
		}
	})
	return srv
}

// client is a blocking raw socket with its buffers allocated up front. Its
// receive timeout bounds every round trip in time.
type client struct {
	fd       int
	req, rep []byte
}

func dial(tb testing.TB, addr net.Addr) *client {
	tb.Helper()
	ta := addr.(*net.TCPAddr)
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { unix.Close(fd) })
	sa := &unix.SockaddrInet4{Port: ta.Port}
	copy(sa.Addr[:], ta.IP.To4())
	tv := unix.Timeval{Sec: 10}
	if err := unix.SetsockoptTimeval(fd, unix.SOL_SOCKET, unix.SO_RCVTIMEO, &tv); err != nil {
		tb.Fatal(err)
	}
	unix.SetsockoptInt(fd, unix.IPPROTO_TCP, unix.TCP_NODELAY, 1)
	if err := unix.Connect(fd, sa); err != nil {
		tb.Fatal(err)
	}
	c := &client{fd: fd, req: make([]byte, requestSize), rep: make([]byte, requestSize)}
	for i := range c.req {
		c.req[i] = byte('a' + i%26)
	}
	return c
}

// roundTrip sends one request and reads its whole echo. It allocates only
// on failure.
func (c *client) roundTrip() error {
	if n, err := unix.Write(c.fd, c.req); err != nil || n != len(c.req) {
		return fmt.Errorf("write: %d, %v", n, err)
	}
	for got := 0; got < len(c.rep); {
		n, err := unix.Read(c.fd, c.rep[got:])
		if err == unix.EINTR {
			continue
		}
		if err != nil || n == 0 {
			return fmt.Errorf("read after %d bytes: %d, %v", got, n, err)
		}
		got += n
	}
	return nil
}

func (c *client) run(n int) error {
	for range n {
		if err := c.roundTrip(); err != nil {
			return err
		}
	}
	return nil
}

// SteadyState asserts that one connection echoing 64 B costs 3.0 syscalls
// per request (one wait, one read, one write; within 1%) by the backend's
// counters, and fewer than 0.01 heap allocations per request in the whole
// test process (server loop and client) by runtime.MemStats.
func SteadyState(t *testing.T, newServer NewServer) {
	srv := Start(t, newServer)
	c := dial(t, srv.Addrs()[0])
	if err := c.run(warmUp); err != nil {
		t.Fatal(err)
	}
	before := srv.Counters()
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	err := c.run(roundTrips)
	runtime.ReadMemStats(&m1)
	d := srv.Counters().Sub(before)
	if err != nil {
		t.Fatal(err)
	}
	syscalls := d.Reads + d.Writes + d.WaitCalls + d.CtlSyscalls
	perReq := float64(syscalls) / roundTrips
	mallocs := float64(m1.Mallocs-m0.Mallocs) / roundTrips
	t.Logf("per request: %.4f syscalls (reads %d, writes %d, waits %d, ctl %d), %.5f mallocs",
		perReq, d.Reads, d.Writes, d.WaitCalls, d.CtlSyscalls, mallocs)
	if perReq < 2.97 || perReq > 3.03 {
		t.Errorf("syscalls per request = %.4f, want 3.0 within 1%%", perReq)
	}
	if mallocs >= 0.01 {
		t.Errorf("heap allocations per request = %.5f, want < 0.01", mallocs)
	}
	if d.BytesIn != roundTrips*requestSize || d.BytesOut != d.BytesIn {
		t.Errorf("bytes in/out = %d/%d, want %d each", d.BytesIn, d.BytesOut, roundTrips*requestSize)
	}
}

// BenchEcho times one 64 B echo round trip. Allocations reported by
// b.ReportAllocs cover the server loop and the client (which makes none);
// syscalls/op comes from the backend's counters; ctxsw/op (with its
// voluntary and involuntary parts) counts the whole process, client
// included (see Switches).
func BenchEcho(b *testing.B, newServer NewServer) {
	srv := Start(b, newServer)
	c := dial(b, srv.Addrs()[0])
	if err := c.run(warmUp); err != nil {
		b.Fatal(err)
	}
	before := srv.Counters()
	switches := ReadSwitches(b)
	b.ReportAllocs()
	b.ResetTimer()
	if err := c.run(b.N); err != nil {
		b.Fatal(err)
	}
	b.StopTimer()
	switches.Report(b, b.N)
	d := srv.Counters().Sub(before)
	b.ReportMetric(float64(d.Reads+d.Writes+d.WaitCalls+d.CtlSyscalls)/float64(b.N), "syscalls/op")
}
