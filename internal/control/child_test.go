package control

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/muxbench/muxbench/internal/server"
)

// fakeEnv makes the test binary, re-executed, a fake `bench serve
// --control` child speaking through Responder; its value picks the
// behaviour.
const fakeEnv = "CONTROL_FAKE_CHILD"

func TestMain(m *testing.M) {
	if mode := os.Getenv(fakeEnv); mode != "" {
		os.Exit(fakeChild(mode))
	}
	os.Exit(m.Run())
}

// fakeChild: "ok" serves counters that count the requests, "refuse"
// reports a start error, "die" exits after hello, "limit" names its
// open-files hard limit as its backend, "args" its command line.
func fakeChild(mode string) int {
	r := NewResponder(os.Stdout)
	addrs := []string{"127.0.0.1:9"}
	switch mode {
	case "refuse":
		r.Error(errors.New("cannot listen"))
		return 2
	case "die":
		r.Hello("fake", addrs)
		return 3
	case "limit":
		var lim unix.Rlimit
		unix.Getrlimit(unix.RLIMIT_NOFILE, &lim)
		r.Hello(strconv.FormatUint(lim.Max, 10), addrs)
	case "args":
		r.Hello(strings.Join(os.Args[1:], " "), addrs)
	default:
		r.Hello("fake", addrs)
	}
	var c server.Counters
	r.Answer(os.Stdin, func() server.Counters { c.WaitCalls++; return c })
	c.WaitCalls++
	r.Counters(c)
	return 0
}

func fakeSpec(mode string) Spec {
	return Spec{Exe: os.Args[0], Args: []string{"-test.run=^$"}, Env: []string{fakeEnv + "=" + mode}}
}

func TestChildProtocol(t *testing.T) {
	c, err := Start(fakeSpec("ok"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Kill()
	if c.Backend() != "fake" || len(c.Addrs()) != 1 || c.PID() != c.cmd.Process.Pid {
		t.Fatalf("hello: backend %q addrs %v pid %d", c.Backend(), c.Addrs(), c.PID())
	}
	for want := uint64(1); want <= 3; want++ {
		got, err := c.Counters()
		if err != nil || got.WaitCalls != want {
			t.Fatalf("counters #%d: %+v, %v", want, got, err)
		}
	}
	final, err := c.Stop()
	if err != nil || final.WaitCalls != 4 {
		t.Fatalf("stop: %+v, %v", final, err)
	}
	if c.Alive() {
		t.Fatal("child alive after stop")
	}
	c.Kill() // idempotent after stop
}

func TestChildFailures(t *testing.T) {
	tests := []struct {
		mode, want string
	}{
		{"refuse", "cannot listen"},
	}
	for _, tc := range tests {
		t.Run(tc.mode, func(t *testing.T) {
			c, err := Start(fakeSpec(tc.mode))
			if err == nil {
				c.Kill()
				t.Fatal("Start succeeded")
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %q, want it to mention %q", err, tc.want)
			}
		})
	}
}

func TestChildDiesAfterHello(t *testing.T) {
	c, err := Start(fakeSpec("die"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Kill()
	if _, err := c.Counters(); err == nil || !strings.Contains(err.Error(), "exit status 3") {
		t.Fatalf("counters from a dead child: %v", err)
	}
	if c.Alive() {
		t.Fatal("dead child reported alive")
	}
	if r := c.ExitReason(); !strings.Contains(r, "exit status 3") {
		t.Fatalf("exit reason %q", r)
	}
}

func TestChildKilledByPID(t *testing.T) {
	c, err := Start(fakeSpec("ok"))
	if err != nil {
		t.Fatal(err)
	}
	pid := c.PID()
	c.Kill()
	if c.Alive() {
		t.Fatal("alive after kill")
	}
	if _, err := os.Stat(fmt.Sprintf("/proc/%d", pid)); err == nil {
		t.Fatalf("process %d still exists (not reaped)", pid)
	}
}

// TestChildStartHook: the hook starts the process, which already carries
// Pdeathsig, and a hook's error is Start's.
func TestChildStartHook(t *testing.T) {
	var sawDeathSig bool
	spec := fakeSpec("ok")
	spec.Start = func(cmd *exec.Cmd) error {
		sawDeathSig = cmd.SysProcAttr != nil && cmd.SysProcAttr.Pdeathsig == syscall.SIGKILL
		return cmd.Start()
	}
	c, err := Start(spec)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Stop(); err != nil || !sawDeathSig {
		t.Fatalf("stop: %v; Pdeathsig set before the hook: %v", err, sawDeathSig)
	}
	spec.Start = func(*exec.Cmd) error { return errors.New("no counters for you") }
	if _, err := Start(spec); err == nil || !strings.Contains(err.Error(), "no counters for you") {
		t.Fatalf("Start with a failing hook: %v", err)
	}
}

// TestChildFdLimit: a child started with FdLimit runs under it, as the
// process whose PID Child reports.
func TestChildFdLimit(t *testing.T) {
	spec := fakeSpec("limit")
	spec.FdLimit = 64
	c, err := Start(spec)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Kill()
	if c.Backend() != "64" {
		t.Fatalf("child's hard limit %s, want 64", c.Backend())
	}
	comm, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", c.PID()))
	if err != nil || !strings.HasPrefix(string(comm), os.Args[0]) {
		t.Fatalf("pid %d runs %q (%v), want the child itself", c.PID(), comm, err)
	}
	if _, err := c.Stop(); err != nil {
		t.Fatal(err)
	}
}
