package reactor_test

import (
	"testing"

	"github.com/muxbench/muxbench/internal/reactor/reactortest"
	"github.com/muxbench/muxbench/internal/registry"
	"github.com/muxbench/muxbench/internal/server"
)

// TestCleanCloseMakesNoExtraCtl: a connection that echoes and is closed by
// its peer costs exactly two interest changes, its Add and its Del, on every
// raw backend (two epoll_ctl syscalls on epoll, LT and ET alike): reading
// EOF must not first turn read interest off with a Mod.
func TestCleanCloseMakesNoExtraCtl(t *testing.T) {
	const conns = 50
	for _, b := range registry.EventLoops() {
		t.Run(b.Name, func(t *testing.T) {
			srv := reactortest.Start(t, b.New)
			addr := srv.Addrs()[0].String()
			before := srv.Counters()
			for range conns {
				echoOnce(t, addr) // dial, echo four bytes, close: churn in miniature
			}
			d := waitCounters(t, srv, func(c server.Counters) bool { return c.Closes-before.Closes == conns }).Sub(before)
			wantCtl := uint64(0)
			if b.CtlSyscalls {
				wantCtl = 2 * conns
			}
			if d.InterestChanges != 2*conns || d.CtlSyscalls != wantCtl {
				t.Fatalf("%d short connections: %d interest changes, %d ctl syscalls; want %d and %d",
					conns, d.InterestChanges, d.CtlSyscalls, 2*conns, wantCtl)
			}
		})
	}
}
