package faults

import (
	"context"
	"os"
	"runtime"
	"testing"
	"time"

	"github.com/muxbench/muxbench/internal/handler"
	"github.com/muxbench/muxbench/internal/registry"
	"github.com/muxbench/muxbench/internal/server"
)

// testBackend is one backend under test, constructed in-process.
type testBackend struct {
	name string
	New  func(server.Config) (server.Server, error)
}

// backends are every registered in-process backend that runs on this
// machine (c_epoll, a program of its own, is not constructed in-process).
var backends = availableBackends()

func availableBackends() []testBackend {
	var out []testBackend
	for _, b := range registry.All {
		if b.InProcess() && b.Unavailable() == "" {
			out = append(out, testBackend{name: b.Name, New: b.New})
		}
	}
	return out
}

// serve starts New with the echo handler on 127.0.0.1:0 and stops it, and
// checks it released its fds and goroutines, at cleanup.
func serve(t *testing.T, New func(server.Config) (server.Server, error), maxPending int) Target {
	t.Helper()
	return serveHandler(t, New, handler.Echo{}, maxPending)
}

// serveHandler is serve with another handler.
func serveHandler(t *testing.T, New func(server.Config) (server.Server, error), h handler.Handler, maxPending int) Target {
	t.Helper()
	fds, goros := countFds(t), runtime.NumGoroutine()
	srv, err := New(server.Config{Addrs: []string{"127.0.0.1:0"}, Handler: h, MaxPending: maxPending})
	if err != nil {
		t.Fatal(err)
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(context.Background()) }()
	t.Cleanup(func() {
		if err := srv.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
		if err := <-errc; err != nil {
			t.Errorf("Serve: %v", err)
		}
		checkReleased(t, fds, goros)
	})
	counters := func() (server.Counters, error) { return srv.Counters(), nil }
	return Target{Addrs: []string{srv.Addrs()[0].String()}, Counters: counters}
}

func countFds(t *testing.T) int {
	t.Helper()
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatal(err)
	}
	return len(ents)
}

// checkReleased waits (bounded) for the goroutines that close connections
// to finish, then compares fds and goroutines with before.
func checkReleased(t *testing.T, fds, goros int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		nf, ng := countFds(t), runtime.NumGoroutine()
		if nf <= fds && ng <= goros {
			return
		}
		if time.Now().After(deadline) {
			t.Errorf("leak: fds %d -> %d, goroutines %d -> %d", fds, nf, goros, ng)
			return
		}
		runtime.Gosched()
		time.Sleep(10 * time.Millisecond) // polling a condition with a deadline, not synchronising
	}
}

func TestResetStorm(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			tg := serve(t, b.New, 0)
			rep := ResetStorm(context.Background(), tg, 2000, 2)
			if !rep.Survived() {
				t.Fatalf("%s did not survive: %+v", b.name, rep)
			}
			if rep.Reset != 2000 {
				t.Errorf("reset %d connections, want 2000", rep.Reset)
			}
			if b.name == "select" && rep.Refused == 0 {
				t.Errorf("select accepted 2000 connections without refusing any above FD_SETSIZE")
			}
			t.Logf("%s: reaped in %v, refused %d, active %+v", b.name, rep.ReapTime, rep.Refused, rep.Active)
		})
	}
}

func TestHalfOpen(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			rep := HalfOpen(context.Background(), serve(t, b.New, 0), 200, 2)
			if !rep.Survived() {
				t.Fatalf("%s did not survive: %+v", b.name, rep)
			}
		})
	}
}

func TestSlowClients(t *testing.T) {
	spec := SlowSpec{Active: 2, Window: 300 * time.Millisecond, Slowloris: 1, SlowBytes: 3,
		SlowInterval: 50 * time.Millisecond, NonReaders: 20, NonReaderBytes: 2 << 20, MaxPending: 256 << 10}
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			rep := SlowClients(context.Background(), serve(t, b.New, spec.MaxPending), spec)
			if !rep.Survived() {
				t.Fatalf("%s did not survive: %+v", b.name, rep)
			}
			if rep.Loaded.Count == 0 || rep.Slow.Sent == 0 || rep.NonReaderSent == 0 {
				t.Errorf("nothing measured: %+v", rep)
			}
			t.Logf("%s: p99 clean %.0f µs, loaded %.0f µs (×%.2f), non-readers sent %d", b.name, rep.Clean.P99, rep.Loaded.P99, rep.P99Ratio, rep.NonReaderSent)
		})
	}
}

// TestFloods: while one connection floods (3,640 pipelined GETs for 64 KiB
// each; 2,730 rpc requests of 10 ms each, 27 s of CPU), a probe client is
// answered five times, each within opTimeout.
func TestFloods(t *testing.T) {
	httpH, err := handler.NewHTTP(handler.Options{ReplySize: 64 << 10})
	if err != nil {
		t.Fatal(err)
	}
	rpcH, err := handler.NewRPC(handler.Options{})
	if err != nil {
		t.Fatal(err)
	}
	floods := []struct {
		h    handler.Handler
		spec FloodSpec
	}{
		{h: httpH, spec: HTTPFlood(64 << 10)},
		{h: rpcH, spec: RPCFlood(10_000)},
	}
	for _, f := range floods {
		for _, b := range backends {
			t.Run(f.spec.Name+"/"+b.name, func(t *testing.T) {
				rep := Flood(serveHandler(t, b.New, f.h, 0), f.spec)
				if !rep.Survived() {
					t.Fatalf("%s did not survive: %d of %d probes, %s", b.name, rep.Exchanges, f.spec.Exchanges, rep.Err)
				}
				t.Logf("%s: %d probes, slowest %v", b.name, rep.Exchanges, rep.MaxLatency)
			})
		}
	}
}

// TestFloodVerdict: a flood is survived only when it ran, every probe was
// answered and, for a child server, RSS grew within the bound.
func TestFloodVerdict(t *testing.T) {
	tests := []struct {
		name   string
		change func(*FloodReport)
		want   bool
	}{
		{name: "survived", change: func(*FloodReport) {}, want: true},
		{name: "never ran", change: func(r *FloodReport) { *r = FloodReport{} }},
		{name: "a probe unanswered", change: func(r *FloodReport) { r.Exchanges-- }},
		{name: "an error", change: func(r *FloodReport) { r.Err = "probe 5 of 5: i/o timeout" }},
		{name: "RSS over the bound", change: func(r *FloodReport) { r.Peak.RSSBytes = r.Before.RSSBytes + r.Spec.RSSBound + 1 }},
		{name: "RSS at the bound", change: func(r *FloodReport) { r.Peak.RSSBytes = r.Before.RSSBytes + r.Spec.RSSBound }, want: true},
		{name: "in-process: RSS n/a", change: func(r *FloodReport) { r.Before, r.Peak = Resources{}, Resources{RSSBytes: 1 << 30} }, want: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			spec := HTTPFlood(64 << 10)
			r := FloodReport{Spec: spec, Written: spec.BurstBytes, Exchanges: spec.Exchanges,
				Before: Resources{RSSBytes: 12 << 20}, Peak: Resources{RSSBytes: 13 << 20}}
			tc.change(&r)
			if got := r.Survived(); got != tc.want {
				t.Fatalf("Survived = %v, want %v: %+v", got, tc.want, r)
			}
		})
	}
}

func TestServerFdLimit(t *testing.T) {
	const limit = 64
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			c := startChild(t, b.name, limit)
			rep := ServerFdLimit(context.Background(), c, limit, 3*limit)
			if !rep.Survived() {
				t.Fatalf("%s did not survive an fd limit of %d: %+v (stderr: %s)", b.name, limit, rep, c.Stderr())
			}
			t.Logf("%s: refused %d of %d", b.name, rep.Refused, rep.Requested)
		})
	}
}

func TestGeneratorFdLimit(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	addr, err := freePort()
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv(childEnv, "loadgen "+addr+" 500")
	rep := GeneratorFdLimit(context.Background(), exe, []string{"-test.run=^$"}, 128)
	if !rep.Survived() {
		t.Fatalf("fleet above the fd limit not refused cleanly: %+v", rep)
	}
}

func TestStartupFaults(t *testing.T) {
	for _, b := range backends {
		t.Run("port-in-use/"+b.name, func(t *testing.T) {
			if rep := PortInUse(b.New); !rep.Survived() {
				t.Fatalf("%+v", rep)
			}
		})
	}
	t.Run("connection-refused", func(t *testing.T) {
		if rep := ConnRefused(context.Background()); !rep.Survived() {
			t.Fatalf("%+v", rep)
		}
	})
}
