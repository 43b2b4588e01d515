package main

import (
	"bufio"
	"bytes"
	"debug/buildinfo"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/muxbench/muxbench/internal/registry"
	"github.com/muxbench/muxbench/internal/server"
	"golang.org/x/sys/unix"
)

// The bench binary is built at most once per test process, on first use
// (c_epoll beside it, see buildCEpoll):
// the process may be a helper child re-executed by another test, which must
// not pay for a build it never uses.
var (
	buildOnce sync.Once
	buildDir  string
	benchBin  string
	buildErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if buildDir != "" {
		os.RemoveAll(buildDir)
	}
	os.Exit(code)
}

// bench returns the path of the bench binary, building it the first time.
func bench(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		if buildDir, buildErr = os.MkdirTemp("", "bench-test-"); buildErr != nil {
			return
		}
		benchBin = filepath.Join(buildDir, "bench")
		out, err := exec.Command("go", "build", "-o", benchBin, ".").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("building bench: %v\n%s", err, out)
			return
		}
		buildErr = buildCEpoll(buildDir)
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return benchBin
}

// childTimeout bounds every child and nc run.
const childTimeout = 20 * time.Second

// serveChild is one `bench serve --control` child.
type serveChild struct {
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	lines  *bufio.Scanner
	stderr bytes.Buffer
	hello  struct {
		Pid     int      `json:"pid"`
		Backend string   `json:"backend"`
		Addrs   []string `json:"addrs"`
		Error   string   `json:"error"`
	}
}

// startServe starts bench serve in control mode and reads its first line.
// Cleanup kills it by PID if a test left it running, and reaps it.
func startServe(t *testing.T, args ...string) *serveChild {
	t.Helper()
	c := &serveChild{cmd: exec.Command(bench(t), append([]string{"serve", "--control"}, args...)...)}
	c.cmd.Stderr = &c.stderr
	var err error
	if c.stdin, err = c.cmd.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	stdout, err := c.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := c.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	timer := time.AfterFunc(childTimeout, func() { c.cmd.Process.Kill() })
	t.Cleanup(func() {
		timer.Stop()
		c.stdin.Close()
		if c.cmd.ProcessState == nil {
			c.cmd.Process.Kill()
			c.cmd.Wait()
		}
	})
	c.lines = bufio.NewScanner(stdout)
	c.readJSON(t, &c.hello)
	return c
}

// readJSON decodes the child's next stdout line into v.
func (c *serveChild) readJSON(t *testing.T, v any) {
	t.Helper()
	if !c.lines.Scan() {
		t.Fatalf("bench serve wrote no line (stderr: %q)", c.stderr.String())
	}
	if err := json.Unmarshal(c.lines.Bytes(), v); err != nil {
		t.Fatalf("bench serve line %q: %v", c.lines.Text(), err)
	}
}

// command sends one control command.
func (c *serveChild) command(t *testing.T, cmd string) {
	t.Helper()
	if _, err := io.WriteString(c.stdin, cmd+"\n"); err != nil {
		t.Fatalf("sending %q: %v", cmd, err)
	}
}

// wait reaps the child and returns its exit code.
func (c *serveChild) wait(t *testing.T) int {
	t.Helper()
	err := c.cmd.Wait()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	if err != nil {
		t.Fatalf("waiting for bench serve: %v", err)
	}
	return 0
}

func requireNc(t *testing.T) string {
	t.Helper()
	nc, err := exec.LookPath("nc")
	if err != nil {
		t.Skip("nc not installed: install netcat-openbsd (.ci/run does) to drive bench serve with a real client")
	}
	return nc
}

// TestServeEchoesThroughNc drives every registered backend through bench
// serve with a real nc, the way the source text tries its servers.
func TestServeEchoesThroughNc(t *testing.T) {
	nc := requireNc(t)
	for _, name := range registry.Names() {
		t.Run(name, func(t *testing.T) {
			skipUnserved(t, name, "echo")
			child := startServe(t, "--backend", name, "--addr", "127.0.0.1:0")
			if child.hello.Backend != name || len(child.hello.Addrs) != 1 || child.hello.Pid != child.cmd.Process.Pid {
				t.Fatalf("hello line = %+v, want backend %s, one address, pid %d", child.hello, name, child.cmd.Process.Pid)
			}
			_, port, err := net.SplitHostPort(child.hello.Addrs[0])
			if err != nil {
				t.Fatal(err)
			}
			// -N shuts the socket's write side at EOF on stdin, so nc exits
			// when the server, having echoed, closes; -w bounds every wait.
			ncCmd := exec.Command(nc, "-N", "-w", "10", "127.0.0.1", port)
			ncCmd.Stdin = strings.NewReader("abcdef\n")
			out, err := ncCmd.Output()
			if err != nil || string(out) != "abcdef\n" {
				t.Fatalf("nc got %q, %v; want the echo %q", out, err, "abcdef\n")
			}
			child.command(t, "counters")
			var live server.Counters
			child.readJSON(t, &live)
			child.command(t, "stop")
			var final server.Counters
			child.readJSON(t, &final)
			if code := child.wait(t); code != 0 {
				t.Fatalf("bench serve exited %d after stop (stderr: %q)", code, child.stderr.String())
			}
			if final.Accepts < 1 || final.BytesIn != 7 || final.BytesOut != 7 || final.BytesIn < live.BytesIn {
				t.Errorf("final counters accepts=%d in=%d out=%d (live in=%d), want >= 1, 7, 7",
					final.Accepts, final.BytesIn, final.BytesOut, live.BytesIn)
			}
		})
	}
}

// TestServeStopsOnStdinEOF: a parent that dies closes the child's stdin; the
// child must stop by itself, printing its final counters.
func TestServeStopsOnStdinEOF(t *testing.T) {
	child := startServe(t, "--backend", "netpoll")
	child.stdin.Close()
	var final server.Counters
	child.readJSON(t, &final)
	if code := child.wait(t); code != 0 {
		t.Fatalf("exit %d after stdin EOF, want 0", code)
	}
}

// TestServeBadInput: each problem is one stderr line naming it, exit 2, and
// in control mode also one JSON error line on stdout.
func TestServeBadInput(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	tests := []struct {
		name string
		args []string
		want string
	}{
		{name: "unknown backend", args: []string{"--backend", "kqueue"}, want: `unknown backend "kqueue"`},
		{name: "unknown handler", args: []string{"--backend", "poll", "--handler", "nope"}, want: `unknown handler "nope"`},
		{name: "bad address", args: []string{"--backend", "poll", "--addr", "127.0.0.1"}, want: `bad address "127.0.0.1"`},
		{name: "bad port", args: []string{"--backend", "poll", "--addr", "127.0.0.1:99999"}, want: `bad address "127.0.0.1:99999"`},
		{name: "port in use", args: []string{"--backend", "netpoll", "--addr", busy.Addr().String()}, want: "address already in use"},
		{name: "port in use, raw backend", args: []string{"--backend", "epoll_et", "--addr", busy.Addr().String()}, want: "address already in use"},
		{name: "unknown flag", args: []string{"--backend", "poll", "--nope"}, want: "-nope"},
		{name: "no backend", args: nil, want: "--backend is required"},
		{name: "CPU not present", args: []string{"--backend", "poll", "--cpu", "1000"}, want: "--cpu 1000"},
	}
	for _, tc := range tests {
		for _, control := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/control=%v", tc.name, control), func(t *testing.T) {
				checkServeRefused(t, control, tc.args, tc.want)
			})
		}
	}
}

// checkServeRefused runs bench serve with args (and --control) and checks
// it exits 2 with one stderr line containing want.
func checkServeRefused(t *testing.T, control bool, args []string, want string) {
	t.Helper()
	args = append([]string{"serve"}, args...)
	if control {
		args = append(args, "--control")
	}
	stdout, stderr, code := execBench(t, args...)
	if code != exitBadArgs {
		t.Errorf("exit %d, want %d", code, exitBadArgs)
	}
	if lines := strings.Split(strings.TrimRight(stderr, "\n"), "\n"); len(lines) != 1 || !strings.Contains(stderr, want) {
		t.Errorf("stderr %q: want one line containing %q", stderr, want)
	}
	checkControlError(t, control, stdout, want)
}

func checkControlError(t *testing.T, control bool, stdout, want string) {
	t.Helper()
	if !control {
		if stdout != "" {
			t.Errorf("stdout %q, want nothing", stdout)
		}
		return
	}
	var line struct {
		Error string `json:"error"`
	}
	if err := json.Unmarshal([]byte(stdout), &line); err != nil || !strings.Contains(line.Error, want) || strings.Count(stdout, "\n") != 1 {
		t.Errorf("stdout %q: want one JSON error line containing %q", stdout, want)
	}
}

// execBench runs the bench binary to completion, bounded by childTimeout.
func execBench(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	cmd := exec.Command(bench(t), args...)
	cmd.Stdout, cmd.Stderr = &out, &errOut
	cmd.WaitDelay = childTimeout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	timer := time.AfterFunc(childTimeout, func() { cmd.Process.Kill() })
	defer timer.Stop()
	err := cmd.Wait()
	if ee, ok := err.(*exec.ExitError); ok {
		return out.String(), errOut.String(), ee.ExitCode()
	}
	if err != nil {
		t.Fatal(err)
	}
	return out.String(), errOut.String(), 0
}

// TestServeStopsOnSIGTERM: the human mode prints its address, and SIGTERM
// stops it cleanly with the counters printed.
func TestServeStopsOnSIGTERM(t *testing.T) {
	cmd := exec.Command(bench(t), "serve", "--backend", "poll", "--addr", "127.0.0.1:0,127.0.0.1:0")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	timer := time.AfterFunc(childTimeout, func() { cmd.Process.Kill() })
	defer timer.Stop()
	lines := bufio.NewScanner(stdout)
	if !lines.Scan() || strings.Count(lines.Text(), "127.0.0.1:") != 2 {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("first line %q, want both listen addresses", lines.Text())
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	rest, _ := io.ReadAll(stdout)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("bench serve after SIGTERM: %v", err)
	}
	for _, want := range []string{"counters:", "accepts:", "bytes_in:"} {
		if !bytes.Contains(rest, []byte(want)) {
			t.Errorf("output after SIGTERM %q lacks %q", rest, want)
		}
	}
}

// TestServePinsEveryThread: --cpu pins every thread of the child, not only
// the one that called sched_setaffinity.
func TestServePinsEveryThread(t *testing.T) {
	var allowed unix.CPUSet
	if err := unix.SchedGetaffinity(0, &allowed); err != nil {
		t.Fatal(err)
	}
	cpu := -1
	for c := 0; c < len(allowed)*64 && cpu < 0; c++ {
		if allowed.IsSet(c) {
			cpu = c
		}
	}
	for _, backend := range []string{"netpoll", "epoll_lt"} {
		t.Run(backend, func(t *testing.T) {
			child := startServe(t, "--backend", backend, "--cpu", fmt.Sprint(cpu))
			tasks, err := os.ReadDir(fmt.Sprintf("/proc/%d/task", child.hello.Pid))
			if err != nil {
				t.Fatal(err)
			}
			for _, task := range tasks {
				var tid int
				fmt.Sscan(task.Name(), &tid)
				var set unix.CPUSet
				if err := unix.SchedGetaffinity(tid, &set); err != nil {
					t.Fatalf("sched_getaffinity(%d): %v", tid, err)
				}
				if set.Count() != 1 || !set.IsSet(cpu) {
					t.Errorf("thread %d may run on %d CPUs, want only CPU %d", tid, set.Count(), cpu)
				}
			}
			child.command(t, "stop")
			var final server.Counters
			child.readJSON(t, &final)
			if code := child.wait(t); code != 0 {
				t.Fatalf("exit %d after stop", code)
			}
		})
	}
}

// TestGOMAXPROCSStaysAsStarted: the binary turns off the runtime's
// GOMAXPROCS updates, which would shrink it to the one CPU the generator
// pins itself to about a second after the pin, and so turn its raw waits
// into scheduler-way ones for every window after the first second.
func TestGOMAXPROCSStaysAsStarted(t *testing.T) {
	info, err := buildinfo.ReadFile(bench(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range info.Settings {
		if s.Key == "DefaultGODEBUG" && strings.Contains(s.Value, "updatemaxprocs=0") {
			return
		}
	}
	t.Fatalf("build settings %v lack DefaultGODEBUG updatemaxprocs=0", info.Settings)
}
