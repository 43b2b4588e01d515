package ctest

import (
	"bufio"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/muxbench/muxbench/internal/server"
)

// The control-protocol client of these tests (the protocol is documented at
// the top of cmd/bench/serve.go): start a child, read its hello, ask for
// counters, stop it. It is the only file that knows the protocol.

// timeout bounds every wait on the child: a line, an exit, a condition.
const timeout = 20 * time.Second

type hello struct {
	Pid     int      `json:"pid"`
	Backend string   `json:"backend"`
	Addrs   []string `json:"addrs"`
	Error   string   `json:"error"`
}

// child is one running c_epoll.
type child struct {
	t       *testing.T
	cmd     *exec.Cmd
	stdin   *os.File // the write end of the child's stdin
	lines   chan string
	exited  chan struct{}
	waitErr error
	errPath string // the child's stderr, a file
	hello   hello
	// finished is set once the final counters were read and the exit
	// checked.
	finished bool
}

// start runs b with args (no flag added) and returns it running; Cleanup
// stops it (and fails the test unless it exits 0) or kills it by PID.
func start(t *testing.T, b build, args ...string) *child {
	t.Helper()
	c := launch(t, b, args...)
	line := c.line()
	if err := json.Unmarshal([]byte(line), &c.hello); err != nil || c.hello.Error != "" || len(c.hello.Addrs) == 0 {
		t.Fatalf("hello line %q (%v); stderr: %s", line, err, c.stderrText())
	}
	t.Cleanup(func() {
		switch {
		case c.finished:
		case !c.done():
			c.stop()
		default:
			t.Errorf("c_epoll exited by itself (%v); stderr: %s", c.waitErr, c.stderrText())
		}
	})
	return c
}

// startControl starts b with --control on 127.0.0.1:0 plus args.
func startControl(t *testing.T, b build, args ...string) *child {
	t.Helper()
	return start(t, b, append([]string{"--control", "--addr", "127.0.0.1:0"}, args...)...)
}

// launch starts the process with its stdin and stdout on pipes and its
// stderr in a file; a watchdog kills it after timeout.
func launch(t *testing.T, b build, args ...string) *child {
	t.Helper()
	inR, inW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	outR, outW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	errFile, err := os.Create(filepath.Join(t.TempDir(), "stderr"))
	if err != nil {
		t.Fatal(err)
	}
	c := &child{t: t, cmd: exec.Command(b.path, args...), stdin: inW, lines: make(chan string, 16),
		exited: make(chan struct{}), errPath: errFile.Name()}
	c.cmd.Stdin, c.cmd.Stdout, c.cmd.Stderr = inR, outW, errFile
	c.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	err = c.cmd.Start()
	inR.Close()
	outW.Close()
	errFile.Close()
	if err != nil {
		inW.Close()
		outR.Close()
		t.Fatal(err)
	}
	go c.readLines(outR)
	go func() { c.waitErr = c.cmd.Wait(); close(c.exited) }()
	watchdog := time.AfterFunc(3*timeout, func() { c.cmd.Process.Kill() })
	t.Cleanup(func() {
		watchdog.Stop()
		c.stdin.Close()
		if !c.done() {
			c.cmd.Process.Kill()
			<-c.exited
		}
	})
	return c
}

func (c *child) readLines(r *os.File) {
	defer close(c.lines)
	defer r.Close()
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		c.lines <- sc.Text()
	}
}

func (c *child) done() bool {
	select {
	case <-c.exited:
		return true
	default:
		return false
	}
}

func (c *child) stderrText() string {
	b, _ := os.ReadFile(c.errPath)
	return string(b)
}

// line returns the child's next stdout line.
func (c *child) line() string {
	c.t.Helper()
	select {
	case l, ok := <-c.lines:
		if !ok {
			c.t.Fatalf("c_epoll closed stdout; stderr: %s", c.stderrText())
		}
		return l
	case <-time.After(timeout):
		c.t.Fatalf("no line from c_epoll in %v; stderr: %s", timeout, c.stderrText())
	}
	return ""
}

// send writes one command line.
func (c *child) send(cmd string) {
	c.t.Helper()
	if _, err := c.stdin.WriteString(cmd + "\n"); err != nil {
		c.t.Fatalf("sending %q: %v", cmd, err)
	}
}

// counters asks for a snapshot.
func (c *child) counters() server.Counters {
	c.t.Helper()
	c.send("counters")
	return c.decode(c.line())
}

func (c *child) decode(line string) server.Counters {
	c.t.Helper()
	var got server.Counters
	if err := json.Unmarshal([]byte(line), &got); err != nil {
		c.t.Fatalf("counters line %q: %v", line, err)
	}
	return got
}

// waitFor polls the counters, bounded, until cond holds, and returns them.
func (c *child) waitFor(what string, cond func(server.Counters) bool) server.Counters {
	c.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		got := c.counters()
		if cond(got) {
			return got
		}
		if time.Now().After(deadline) {
			c.t.Fatalf("waited %v for %s; counters %+v", timeout, what, got)
		}
		time.Sleep(time.Millisecond)
	}
}

// stop sends stop and returns the final counters; the child must exit 0.
func (c *child) stop() server.Counters {
	c.t.Helper()
	c.send("stop")
	return c.finish()
}

// finish reads the final counters line and checks the exit.
func (c *child) finish() server.Counters {
	c.t.Helper()
	final := c.decode(c.line())
	c.finished = true
	if code := c.exitCode(); code != 0 {
		c.t.Errorf("c_epoll exited %d, want 0; stderr: %s", code, c.stderrText())
	}
	if msg := c.stderrText(); strings.Contains(msg, "Sanitizer") || strings.Contains(msg, "runtime error") {
		c.t.Errorf("sanitizer report: %s", msg)
	}
	return final
}

// exitCode waits for the child to exit.
func (c *child) exitCode() int {
	c.t.Helper()
	select {
	case <-c.exited:
	case <-time.After(timeout):
		c.t.Fatalf("c_epoll did not exit in %v", timeout)
	}
	var ee *exec.ExitError
	if errors.As(c.waitErr, &ee) {
		return ee.ExitCode()
	}
	if c.waitErr != nil {
		c.t.Fatalf("waiting for c_epoll: %v", c.waitErr)
	}
	return 0
}
