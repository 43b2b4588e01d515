package benchrun

import (
	"context"
	"fmt"
	"net"
	"os"
	"slices"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/muxbench/muxbench/internal/affinity"
	"github.com/muxbench/muxbench/internal/results"
)

// throttleSpin is the CPU the throttled child spends on every 64-byte
// request: at 2,000 req/s offered, 1.4 s of work a second.
const throttleSpin = 700 * time.Microsecond

// throttledChild is a fake `bench serve --control` child whose echo server
// spins throttleSpin per request: a server that cannot keep up.
func throttledChild() int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Printf(`{"error":%q}`+"\n", err.Error())
		return 2
	}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go throttledEcho(c)
		}
	}()
	fmt.Printf(`{"pid":%d,"backend":"fake","addrs":[%q]}`+"\n", os.Getpid(), ln.Addr().String())
	return serveControl()
}

func throttledEcho(c net.Conn) {
	defer c.Close()
	buf := make([]byte, 64<<10)
	for {
		n, err := c.Read(buf)
		if err != nil {
			return
		}
		for range max(n/64, 1) {
			for begin := time.Now(); time.Since(begin) < throttleSpin; {
			}
		}
		if _, err := c.Write(buf[:n]); err != nil {
			return
		}
	}
}

// runThrottled runs one open-loop cell against the throttled child in this
// process, restoring the test process's CPU affinity afterwards (Run pins
// the generator).
func runThrottled(t *testing.T) results.Trial {
	t.Helper()
	var saved unix.CPUSet
	if err := unix.SchedGetaffinity(0, &saved); err != nil {
		t.Fatal(err)
	}
	defer affinity.PinSet(&saved)
	p := Profile{Name: "throttled", Backends: []string{"epoll_et"}, Idle: []int{0}, Active: []int{1},
		Modes: []string{"open"}, Rate: 2000, Duration: 400 * time.Millisecond, Trials: 1, MsgSize: 64}
	opts := Options{Profile: p, Handler: "echo", OutDir: t.TempDir(), Exe: os.Args[0], ExeEnv: []string{fakeEnv + "=throttled"}}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	run, err := Run(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(run.Cells) != 1 || len(run.Cells[0].Trials) != 1 {
		t.Fatalf("cells %+v", run.Cells)
	}
	return run.Cells[0].Trials[0]
}

// TestThrottledServerIsSaturated (#13): a server that needs 1.4 s of CPU
// for a second of the offered rate is flagged server-saturated in open
// loop, so its CPU per request (the window divided by the rate) never
// reaches a ratio.
func TestThrottledServerIsSaturated(t *testing.T) {
	tr := runThrottled(t)
	m := tr.Metrics
	if !slices.Contains(tr.Flags, flagServerSaturated) {
		t.Fatalf("flags %v (server busy %.0f%% + waiting %.0f%%, %.0f of %.0f req/s): want %s", tr.Flags, m.ServerBusyPct, m.ServerWaitPct, m.ReqPerSec, m.OfferedRate, flagServerSaturated)
	}
}

// TestServerSaturated: only an open-loop trial with the server at 95% of
// its CPU or more.
func TestServerSaturated(t *testing.T) {
	tests := []struct {
		name string
		m    results.Metrics
		want bool
	}{
		{name: "open, busy", m: results.Metrics{OfferedRate: 2000, ServerBusyPct: 99}, want: true},
		{name: "open, at the threshold", m: results.Metrics{OfferedRate: 2000, ServerBusyPct: 95}, want: true},
		{name: "open, spare CPU", m: results.Metrics{OfferedRate: 2000, ServerBusyPct: 94.9}, want: false},
		{name: "open, busy and waiting behind a neighbour", m: results.Metrics{OfferedRate: 2000, ServerBusyPct: 80, ServerWaitPct: 16}, want: true},
		{name: "closed loop runs flat out by design", m: results.Metrics{ServerBusyPct: 100}, want: false},
		{name: "server CPU unknown", m: results.Metrics{OfferedRate: 2000}, want: false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := serverSaturated(tc.m); got != tc.want {
				t.Errorf("serverSaturated(%+v) = %v, want %v", tc.m, got, tc.want)
			}
		})
	}
}
