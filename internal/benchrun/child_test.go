package benchrun

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/muxbench/muxbench/internal/control"
	"github.com/muxbench/muxbench/internal/server"
	"github.com/muxbench/muxbench/internal/syscount"
)

// fakeEnv makes the test binary, re-executed, a fake `bench serve
// --control` child (the protocol itself is internal/control's, tested
// there).
const fakeEnv = "BENCHRUN_FAKE_CHILD"

func TestMain(m *testing.M) {
	if mode := os.Getenv(fakeEnv); mode != "" {
		os.Exit(fakeChild(mode))
	}
	os.Exit(m.Run())
}

// fakeChild is the fake child of mode: "throttled:DURATION" is an echo
// server that spins that long on every request (saturation_linux_test.go),
// any other mode serves counters that count the requests.
func fakeChild(mode string) int {
	if spin, ok := strings.CutPrefix(mode, "throttled:"); ok {
		return throttledChild(spin)
	}
	return serveControl(control.NewResponder(os.Stdout), []string{"127.0.0.1:9"})
}

// serveControl says hello with addrs and answers the control protocol on
// stdin until stop or EOF, counting the requests.
func serveControl(r *control.Responder, addrs []string) int {
	r.Hello("fake", addrs)
	var c server.Counters
	r.Answer(os.Stdin, func() server.Counters { c.WaitCalls++; return c })
	r.Counters(c)
	return 0
}

func fakeSpec() ChildSpec {
	return ChildSpec{Exe: os.Args[0], Args: []string{"-test.run=^$"}, Env: []string{fakeEnv + "=1"}, CPU: -1}
}

// TestChildCountedAndPinned starts the fake child counted and pinned: the
// counters see its control traffic, and it runs on the one CPU only.
func TestChildCountedAndPinned(t *testing.T) {
	if err := syscount.Probe(); err != nil {
		t.Skipf("perf unavailable: %v", err)
	}
	spec := fakeSpec()
	spec.Count, spec.CPU = true, 0
	c, err := startChild(spec)
	if err != nil {
		t.Fatal(err)
	}
	defer c.kill()
	if c.counter == nil {
		t.Fatalf("not counted: %s", c.countNA)
	}
	if c.backend != "fake" || len(c.addrs) != 1 || c.pid != c.PID() {
		t.Fatalf("hello: backend %q addrs %v pid %d", c.backend, c.addrs, c.pid)
	}
	// The snapshots keep their own control round trips outside the window,
	// so an empty window holds no write and one request holds one.
	for _, requests := range []int{0, 1} {
		before, err := c.snapshot(true)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < requests; i++ {
			if _, err := c.counters(); err != nil {
				t.Fatal(err)
			}
		}
		after, err := c.snapshot(false)
		if err != nil {
			t.Fatal(err)
		}
		d := delta(after, before)
		// A read is counted when it enters, and the child waits for each
		// command inside a blocking read: which of those entries fall
		// inside the window races with the snapshots, so reads are
		// requests ± 1. Each write happens between a command and its
		// answer, so writes are exact.
		reads := int(d.syscalls.ByName["read"])
		if !d.counted || reads < requests-1 || reads > requests+1 || d.syscalls.ByName["write"] != uint64(requests) {
			t.Fatalf("%d requests in the window, counted %+v", requests, d.syscalls)
		}
	}
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", c.pid))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(status), "Cpus_allowed_list:\t0\n") {
		t.Fatalf("child not pinned to CPU 0:\n%s", status)
	}
	if _, err := c.stop(); err != nil {
		t.Fatalf("stop: %v", err)
	}
}
