//go:build linux

package benchrun

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/muxbench/muxbench/internal/server"
	"github.com/muxbench/muxbench/internal/syscount"
)

// fakeEnv makes the test binary, re-executed, a fake `bench serve
// --control` child; its value picks the behaviour.
const fakeEnv = "BENCHRUN_FAKE_CHILD"

func TestMain(m *testing.M) {
	if mode := os.Getenv(fakeEnv); mode != "" {
		os.Exit(fakeChild(mode))
	}
	os.Exit(m.Run())
}

// fakeChild speaks the control protocol: "ok" serves counters that count
// the requests, "refuse" reports a start error, "die" exits after hello,
// "throttled:DURATION" is an echo server that spins that long on every
// request.
func fakeChild(mode string) int {
	switch mode {
	case "refuse":
		fmt.Println(`{"error":"cannot listen"}`)
		return 2
	case "die":
		fmt.Printf(`{"pid":%d,"backend":"fake","addrs":["127.0.0.1:9"]}`+"\n", os.Getpid())
		return 3
	}
	if spin, ok := strings.CutPrefix(mode, "throttled:"); ok {
		return throttledChild(spin)
	}
	fmt.Printf(`{"pid":%d,"backend":"fake","addrs":["127.0.0.1:9"]}`+"\n", os.Getpid())
	return serveControl()
}

// serveControl answers the control protocol on stdin until stop or EOF.
func serveControl() int {
	var c server.Counters
	sc := bufio.NewScanner(os.Stdin)
	for sc.Scan() {
		c.WaitCalls++
		b, _ := json.Marshal(c)
		fmt.Println(string(b))
		if strings.TrimSpace(sc.Text()) == "stop" {
			return 0
		}
	}
	return 0 // stdin EOF stops it too
}

func fakeSpec(mode string) ChildSpec {
	return ChildSpec{Exe: os.Args[0], Args: []string{"-test.run=^$"}, Env: []string{fakeEnv + "=" + mode}, CPU: -1}
}

func TestChildProtocol(t *testing.T) {
	c, err := startChild(fakeSpec("ok"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.kill()
	if c.backend != "fake" || len(c.addrs) != 1 || c.pid != c.cmd.Process.Pid {
		t.Fatalf("hello: backend %q addrs %v pid %d", c.backend, c.addrs, c.pid)
	}
	for want := uint64(1); want <= 3; want++ {
		got, err := c.counters()
		if err != nil || got.WaitCalls != want {
			t.Fatalf("counters #%d: %+v, %v", want, got, err)
		}
	}
	final, err := c.stop()
	if err != nil || final.WaitCalls != 4 {
		t.Fatalf("stop: %+v, %v", final, err)
	}
	if c.alive() {
		t.Fatal("child alive after stop")
	}
	c.kill() // idempotent after stop
}

func TestChildFailures(t *testing.T) {
	tests := []struct {
		mode, want string
	}{
		{"refuse", "cannot listen"},
	}
	for _, tc := range tests {
		t.Run(tc.mode, func(t *testing.T) {
			c, err := startChild(fakeSpec(tc.mode))
			if err == nil {
				c.kill()
				t.Fatal("startChild succeeded")
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %q, want it to mention %q", err, tc.want)
			}
		})
	}
}

func TestChildDiesAfterHello(t *testing.T) {
	c, err := startChild(fakeSpec("die"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.kill()
	if _, err := c.counters(); err == nil || !strings.Contains(err.Error(), "exit status 3") {
		t.Fatalf("counters from a dead child: %v", err)
	}
	if c.alive() {
		t.Fatal("dead child reported alive")
	}
}

func TestChildKilledByPID(t *testing.T) {
	c, err := startChild(fakeSpec("ok"))
	if err != nil {
		t.Fatal(err)
	}
	pid := c.pid
	c.kill()
	if c.alive() {
		t.Fatal("alive after kill")
	}
	if _, err := os.Stat(fmt.Sprintf("/proc/%d", pid)); err == nil {
		t.Fatalf("process %d still exists (not reaped)", pid)
	}
}

// TestChildCountedAndPinned starts the fake child counted and pinned: the
// counters see its control traffic, and it runs on the one CPU only.
func TestChildCountedAndPinned(t *testing.T) {
	if err := syscount.Probe(); err != nil {
		t.Skipf("perf unavailable: %v", err)
	}
	spec := fakeSpec("ok")
	spec.Count, spec.CPU = true, 0
	c, err := startChild(spec)
	if err != nil {
		t.Fatal(err)
	}
	defer c.kill()
	if c.counter == nil {
		t.Fatalf("not counted: %s", c.countNA)
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
}
