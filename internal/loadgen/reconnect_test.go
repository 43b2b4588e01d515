package loadgen

import (
	"context"
	"fmt"
	"net"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/muxbench/muxbench/internal/handler"
	epollet "github.com/muxbench/muxbench/servers/epoll_et"
)

// fullBacklog is a listener on 127.0.0.1:0 with an accept queue of one:
// once one connection waits in it unaccepted, the kernel drops every new
// SYN, so a connect to it waits for SYN retransmits.
type fullBacklog struct {
	fd   int
	addr string
}

func listenBacklogOne(t *testing.T) *fullBacklog {
	t.Helper()
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { unix.Close(fd) })
	if err := unix.Bind(fd, &unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}); err != nil {
		t.Fatal(err)
	}
	if err := unix.Listen(fd, 0); err != nil {
		t.Fatal(err)
	}
	sa, err := unix.Getsockname(fd)
	if err != nil {
		t.Fatal(err)
	}
	return &fullBacklog{fd: fd, addr: fmt.Sprintf("127.0.0.1:%d", sa.(*unix.SockaddrInet4).Port)}
}

// strand accepts the generator's connection, parks another in the accept
// queue and closes the generator's: its replacement's SYN is then dropped.
func (l *fullBacklog) strand(t *testing.T) {
	t.Helper()
	afd, _, err := unix.Accept(l.fd)
	if err != nil {
		t.Fatal(err)
	}
	l.fill(t)
	unix.Close(afd)
}

// fill parks one connection in the accept queue and waits (bounded) until
// the listener reports it queued.
func (l *fullBacklog) fill(t *testing.T) {
	t.Helper()
	c, err := net.Dial("tcp", l.addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	pfd := []unix.PollFd{{Fd: int32(l.fd), Events: unix.POLLIN}}
	if n, err := unix.Poll(pfd, 5000); err != nil || n != 1 {
		t.Fatalf("the parked connection is not queued: %d, %v", n, err)
	}
}

// TestReconnectDoesNotStallOtherConnections (#12, suspected: loadgen
// reconnects synchronously on the driver thread). Two closed-loop
// connections share one driver; the server of the second closes it, and
// its replacement's SYN is dropped (full accept queue). While that connect
// waits, the first connection must go on: the run reaches its request
// limit with no error, instead of the driver blocking in connect until the
// timeout and giving the server up as lost.
func TestReconnectDoesNotStallOtherConnections(t *testing.T) {
	const limit = 200
	echoSrv := startServer(t, echo)
	stuck := listenBacklogOne(t)
	g := dialT(t, Config{Addrs: []string{echoSrv.addr(), stuck.addr}, Active: 2, Timeout: 3 * time.Second})
	stuck.strand(t)
	g.drivers[0].limit = limit
	res, err := g.Run(context.Background(), 10*time.Second, nil)
	if err != nil {
		t.Fatalf("Run: %v (errors %+v, %d replies in %v): the replacement's connect stalled the driver", err, res.Errors, res.Received, res.Window)
	}
	if res.Sent != limit || res.Received+res.Lost != limit || res.Errors.ClosedByPeer != 1 || res.Errors.Connect != 0 {
		t.Fatalf("sent %d, received %d, lost %d, errors %+v: want %d sent, one connection closed by the server, no connect error",
			res.Sent, res.Received, res.Lost, res.Errors, limit)
	}
	if !g.drivers[0].conns[1].connecting {
		t.Fatal("the replacement connected: its SYN was not dropped, so nothing was tested")
	}
	// The next window starts with the connect still waiting and goes on.
	if res, err = g.Run(context.Background(), 10*time.Second, nil); err != nil || res.Sent != limit || res.Lost != 0 {
		t.Fatalf("second window: %v, sent %d, lost %d", err, res.Sent, res.Lost)
	}
}

// TestBulkReconnectDoesNotStallOtherConnections: the same for bulk, whose
// connections share one thread too.
func TestBulkReconnectDoesNotStallOtherConnections(t *testing.T) {
	const limit = 100
	rpc, err := handler.NewRPC(handler.Options{})
	if err != nil {
		t.Fatal(err)
	}
	good := startBackend(t, epollet.New, rpc).Addrs()[0].String()
	stuck := listenBacklogOne(t)
	cfg := BulkConfig{Addrs: []string{good, stuck.addr}, Conns: 2, ReplySize: 64, Limit: limit, Timeout: 3 * time.Second}
	res, err := Bulk(context.Background(), cfg, 10*time.Second, &Hooks{Start: func() { stuck.strand(t) }})
	if err != nil {
		t.Fatalf("Bulk: %v (errors %+v, %d replies in %v): the replacement's connect stalled the thread", err, res.Errors, res.Received, res.Window)
	}
	if res.Sent != limit || res.Received+res.Lost != limit || res.Errors.ClosedByPeer != 1 || res.Errors.Connect != 0 {
		t.Fatalf("sent %d, received %d, lost %d, errors %+v: want %d sent, one connection closed by the server, no connect error",
			res.Sent, res.Received, res.Lost, res.Errors, limit)
	}
}
