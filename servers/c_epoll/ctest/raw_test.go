package ctest

import (
	"bufio"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/muxbench/muxbench/internal/server"
)

// raw is c_epoll started without internal/control's client, for the checks
// that look beneath it: every stdout line as written, the exit status and
// the whole of stderr.
type raw struct {
	t       *testing.T
	cmd     *exec.Cmd
	stdin   *os.File // the write end of the child's stdin
	lines   chan string
	exited  chan struct{}
	waitErr error
	errPath string // the child's stderr, a file
}

// launch starts b with args, its stdin and stdout on pipes and its stderr
// in a file; a watchdog kills it after 3×timeout, and Cleanup kills it by
// PID if it still runs.
func launch(t *testing.T, b build, args ...string) *raw {
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
	c := &raw{t: t, cmd: exec.Command(b.path, args...), stdin: inW, lines: make(chan string, 16),
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

// launchControl launches b in control mode on 127.0.0.1:0 and reads its
// hello; Cleanup stops it and checks it exits 0.
func launchControl(t *testing.T, b build) *raw {
	t.Helper()
	c := launch(t, b, "--control", "--addr", "127.0.0.1:0")
	var h struct{ Addrs []string }
	if line := c.line(); json.Unmarshal([]byte(line), &h) != nil || len(h.Addrs) == 0 {
		t.Fatalf("hello line %q; stderr: %s", line, c.stderrText())
	}
	t.Cleanup(func() {
		c.send("stop")
		c.decode(c.line())
		if code := c.exitCode(); code != 0 {
			t.Errorf("c_epoll exited %d after stop, want 0; stderr: %s", code, c.stderrText())
		}
	})
	return c
}

func (c *raw) readLines(r *os.File) {
	defer close(c.lines)
	defer r.Close()
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		c.lines <- sc.Text()
	}
}

func (c *raw) done() bool {
	select {
	case <-c.exited:
		return true
	default:
		return false
	}
}

func (c *raw) stderrText() string {
	b, _ := os.ReadFile(c.errPath)
	return string(b)
}

// line returns the child's next stdout line.
func (c *raw) line() string {
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
func (c *raw) send(cmd string) {
	c.t.Helper()
	if _, err := c.stdin.WriteString(cmd + "\n"); err != nil {
		c.t.Fatalf("sending %q: %v", cmd, err)
	}
}

func (c *raw) decode(line string) server.Counters {
	c.t.Helper()
	var got server.Counters
	if err := json.Unmarshal([]byte(line), &got); err != nil {
		c.t.Fatalf("counters line %q: %v", line, err)
	}
	return got
}

// exitCode waits for the child to exit.
func (c *raw) exitCode() int {
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
