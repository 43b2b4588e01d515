package reactor_test

import (
	"testing"

	"github.com/muxbench/muxbench/internal/reactor/reactortest"
	"github.com/muxbench/muxbench/internal/server"
	epollet "github.com/muxbench/muxbench/servers/epoll_et"
	epolllt "github.com/muxbench/muxbench/servers/epoll_lt"
	pollsrv "github.com/muxbench/muxbench/servers/poll"
	selectsrv "github.com/muxbench/muxbench/servers/select"
)

// rawBackends are the four backends built on the reactor, with the
// epoll_ctl syscalls each interest change costs them.
var rawBackends = []struct {
	name    string
	new     func(server.Config) (server.Server, error)
	syscall bool // interest changes are epoll_ctl syscalls
}{
	{name: "select", new: selectsrv.New},
	{name: "poll", new: pollsrv.New},
	{name: "epoll_lt", new: epolllt.New, syscall: true},
	{name: "epoll_et", new: epollet.New, syscall: true},
}

// TestCleanCloseMakesNoExtraCtl: a connection that echoes and is closed by
// its peer costs exactly two interest changes, its Add and its Del, on every
// raw backend (two epoll_ctl syscalls on epoll, LT and ET alike): reading
// EOF must not first turn read interest off with a Mod.
func TestCleanCloseMakesNoExtraCtl(t *testing.T) {
	const conns = 50
	for _, b := range rawBackends {
		t.Run(b.name, func(t *testing.T) {
			srv := reactortest.Start(t, b.new)
			addr := srv.Addrs()[0].String()
			before := srv.Counters()
			for range conns {
				echoOnce(t, addr) // dial, echo four bytes, close: churn in miniature
			}
			d := waitCounters(t, srv, func(c server.Counters) bool { return c.Closes-before.Closes == conns }).Sub(before)
			wantCtl := uint64(0)
			if b.syscall {
				wantCtl = 2 * conns
			}
			if d.InterestChanges != 2*conns || d.CtlSyscalls != wantCtl {
				t.Fatalf("%d short connections: %d interest changes, %d ctl syscalls; want %d and %d",
					conns, d.InterestChanges, d.CtlSyscalls, 2*conns, wantCtl)
			}
		})
	}
}
