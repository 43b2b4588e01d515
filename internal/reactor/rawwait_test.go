package reactor_test

import (
	"context"
	"os"
	"os/exec"
	"runtime"
	"testing"
	"time"

	"github.com/muxbench/muxbench/internal/reactor/reactortest"
	"github.com/muxbench/muxbench/internal/registry"
)

// rawWaitChild marks the test binary run by TestRawWaitLetsOthersRun.
const rawWaitChild = "REACTOR_RAW_WAIT_CHILD"

// TestRawWaitLetsOthersRun: with one P, which the loop holds while it waits
// raw, Counters, a stop-the-world GC and Close are still answered on every
// raw backend — with async preemption (its signal interrupts the raw wait)
// and without it (GODEBUG=asyncpreemptoff=1: only the raw wait's bound ends
// it). Each case runs in a child process (this test binary, GOMAXPROCS=1),
// since a deadlock would hold the P the test's own timer needs; the child
// must finish within a liveness bound, far above what it takes.
func TestRawWaitLetsOthersRun(t *testing.T) {
	if os.Getenv(rawWaitChild) != "" {
		t.Skip("this is the child")
	}
	for _, godebug := range []string{"", "asyncpreemptoff=1"} {
		t.Run("GODEBUG="+godebug, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestRawWaitChild$", "-test.count=1", "-test.v")
			cmd.Env = append(os.Environ(), rawWaitChild+"=1", "GOMAXPROCS=1", "GODEBUG="+godebug)
			out, err := cmd.CombinedOutput()
			if err != nil || ctx.Err() != nil {
				t.Fatalf("child: %v (context: %v)\n%s", err, ctx.Err(), out)
			}
		})
	}
}

// TestRawWaitChild is TestRawWaitLetsOthersRun's child: between rounds the
// loop has just answered and waits raw again, holding the only P.
func TestRawWaitChild(t *testing.T) {
	if os.Getenv(rawWaitChild) == "" {
		t.Skip("run by TestRawWaitLetsOthersRun")
	}
	if n := runtime.GOMAXPROCS(0); n != 1 {
		t.Fatalf("GOMAXPROCS = %d, want 1", n)
	}
	const rounds = 20
	for _, b := range registry.EventLoops() {
		t.Run(b.Name, func(t *testing.T) {
			srv := reactortest.Start(t, b.New) // its cleanup Closes it
			echoOnce(t, srv.Addrs()[0].String())
			for range rounds {
				srv.Counters()
				runtime.GC()
			}
			if c := srv.Counters(); c.Accepts != 1 {
				t.Fatalf("accepts = %d, want 1", c.Accepts)
			}
		})
	}
}
