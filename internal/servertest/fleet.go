package servertest

import (
	"net/netip"
	"sync"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/muxbench/muxbench/internal/handler"
	"github.com/muxbench/muxbench/internal/server"
)

// fleetWorkers bounds how many client operations run at once: all of a
// fleet's connections are open together, their echoes overlap this many.
const fleetWorkers = 8

// testFleet opens many connections at once and echoes on each. A backend
// with an FdLimit must refuse the connections whose server fd is over it
// (the client sees EOF or a reset), count them, and keep serving the rest.
func testFleet(t *testing.T, b Backend) {
	tests := []struct {
		name  string
		conns int
	}{
		{name: "1000 concurrent", conns: 1000},
		{name: "1500 past FD_SETSIZE", conns: 1500},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			needFds(t, highFdBase+tc.conns+64)
			hs := start(t, b, handler.Echo{})
			fdsBefore := hs.serverFds(t)
			serverFds := fdsBefore + tc.conns
			addr := netip.MustParseAddrPort(hs.addr)
			deadline := time.Now().Add(timeout)
			clients := dialFleet(t, addr, tc.conns, deadline)
			ok, refusedN := echoFleet(t, clients, deadline)
			c := hs.srv.Counters()
			if c.Accepts != uint64(tc.conns) || c.Refused != uint64(refusedN) {
				t.Errorf("counters accepts=%d refused=%d, want %d, %d (refusals the clients saw)",
					c.Accepts, c.Refused, tc.conns, refusedN)
			}
			t.Logf("%d connections, about %d server fds, %d refused", tc.conns, serverFds, refusedN)
			checkRefusals(t, b, tc.conns, refusedN, serverFds)
			if again, re := echoFleet(t, ok, deadline); len(again) != len(ok) || re != 0 {
				t.Errorf("second round: %d of %d echoed, %d refused", len(again), len(ok), re)
			}
			for _, cl := range clients {
				cl.Close()
			}
			hs.counted(t, "every close to be counted", func(c server.Counters) bool { return c.Active == 0 })
			// A snapshot showing no active connection must come after
			// their fds are closed, not merely marked for closing: tools
			// (bench soak, bench reliability) read /proc right after it.
			// The fds are the serving process's: an External backend's
			// own.
			if now := hs.serverFds(t); now > fdsBefore {
				t.Errorf("Active is 0 but the process holds %d fds, %d before the fleet", now, fdsBefore)
			}
		})
	}
}

// checkRefusals compares the refusals with what the backend's limit allows.
func checkRefusals(t *testing.T, b Backend, conns, refusedN, serverFds int) {
	t.Helper()
	switch {
	case b.FdLimit == 0 && refusedN != 0:
		t.Errorf("%d of %d connections refused by a backend without an fd limit", refusedN, conns)
	case b.FdLimit > 0 && refusedN < conns-b.FdLimit:
		t.Errorf("%d of %d connections refused, want >= %d (fd limit %d)", refusedN, conns, conns-b.FdLimit, b.FdLimit)
	case b.FdLimit > 0 && serverFds < b.FdLimit && refusedN != 0:
		t.Errorf("%d connections refused though all %d server fds fit under %d", refusedN, serverFds, b.FdLimit)
	}
}

func needFds(t *testing.T, n int) {
	t.Helper()
	var lim unix.Rlimit
	if err := unix.Getrlimit(unix.RLIMIT_NOFILE, &lim); err != nil {
		t.Fatal(err)
	}
	if lim.Cur < uint64(n) {
		t.Skipf("RLIMIT_NOFILE soft limit %d < %d this test needs (raise it with ulimit -n)", lim.Cur, n)
	}
}

// dialFleet opens n connections, fleetWorkers at a time.
func dialFleet(t *testing.T, addr netip.AddrPort, n int, deadline time.Time) []*rawConn {
	t.Helper()
	clients := make([]*rawConn, n)
	t.Cleanup(func() {
		for _, c := range clients {
			if c != nil {
				c.Close()
			}
		}
	})
	forEach(n, func(i int) {
		c, err := dialHigh(addr, deadline)
		if err != nil {
			t.Errorf("dial %d: %v", i, err)
			return
		}
		clients[i] = c
	})
	if t.Failed() {
		t.FailNow()
	}
	return clients
}

// echoFleet echoes 64 B on every client and returns those that got their
// echo and how many were refused; any other outcome fails the test.
func echoFleet(t *testing.T, clients []*rawConn, deadline time.Time) ([]*rawConn, int) {
	t.Helper()
	outcome := make([]error, len(clients))
	forEach(len(clients), func(i int) {
		msg := pattern(64, byte(i))
		if err := clients[i].writeAll(msg, deadline); err != nil {
			outcome[i] = err
			return
		}
		got := make([]byte, len(msg))
		if err := clients[i].readFull(got, deadline); err != nil {
			outcome[i] = err
			return
		}
		if string(got) != string(msg) {
			t.Errorf("%v: echo differs", clients[i])
		}
	})
	var ok []*rawConn
	refusedN := 0
	for i, err := range outcome {
		switch {
		case err == nil:
			ok = append(ok, clients[i])
		case refused(err):
			refusedN++
		default:
			t.Errorf("%v: %v", clients[i], err)
		}
	}
	return ok, refusedN
}

// forEach runs do(0..n-1) on fleetWorkers goroutines and waits for them.
func forEach(n int, do func(i int)) {
	var wg sync.WaitGroup
	for w := range fleetWorkers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += fleetWorkers {
				do(i)
			}
		}()
	}
	wg.Wait()
}
