//go:build linux

package faults

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/muxbench/muxbench/internal/server"
)

// childTimeout bounds one control-protocol answer and the child's exit; a
// healthy child answers in microseconds.
const childTimeout = 10 * time.Second

// ChildSpec starts one `bench serve --control` child (see cmd/bench/serve.go
// for the protocol).
type ChildSpec struct {
	Exe  string
	Args []string // after Exe, e.g. serve --backend epoll_lt --control
	// FdLimit, when > 0, sets the child's RLIMIT_NOFILE (soft and hard)
	// before it starts, through the shell's ulimit, so the child cannot
	// raise it and this process's own limit is untouched.
	FdLimit int
}

// Child is a running server process driven over its control pipe. Its
// stdin is a pipe: if this process dies, EOF stops the child too.
type Child struct {
	cmd     *exec.Cmd
	stdin   io.WriteCloser
	lines   chan string
	mu      sync.Mutex // serialises requests
	stderr  *strings.Builder
	errMu   sync.Mutex
	PID     int
	Addrs   []string
	exitErr chan error
}

// Hello is the child's first line.
type Hello struct {
	Pid   int      `json:"pid"`
	Addrs []string `json:"addrs"`
	Error string   `json:"error"`
}

// StartChild runs spec and waits for its hello line.
func StartChild(spec ChildSpec) (*Child, error) {
	c := &Child{lines: make(chan string, 4), stderr: &strings.Builder{}, exitErr: make(chan error, 1)}
	c.cmd = command(spec)
	c.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	c.cmd.Stderr = lockedWriter{c}
	stdout, err := c.cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if c.stdin, err = c.cmd.StdinPipe(); err != nil {
		return nil, err
	}
	if err := c.cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting %s: %w", spec.Exe, err)
	}
	go c.readLines(stdout)
	h, err := c.hello()
	if err != nil {
		c.Kill()
		return nil, err
	}
	c.PID, c.Addrs = h.Pid, h.Addrs
	return c, nil
}

// command wraps spec in `sh -c 'ulimit -n N; exec "$@"'` when it needs a
// lower fd limit.
func command(spec ChildSpec) *exec.Cmd {
	if spec.FdLimit <= 0 {
		return exec.Command(spec.Exe, spec.Args...)
	}
	script := "ulimit -n " + strconv.Itoa(spec.FdLimit) + ` && exec "$@"`
	return exec.Command("/bin/sh", append([]string{"-c", script, "sh", spec.Exe}, spec.Args...)...)
}

type lockedWriter struct{ c *Child }

func (w lockedWriter) Write(p []byte) (int, error) {
	w.c.errMu.Lock()
	defer w.c.errMu.Unlock()
	if w.c.stderr.Len() < 64<<10 {
		w.c.stderr.Write(p)
	}
	return len(p), nil
}

// Stderr is what the child wrote on stderr so far (first 64 KiB).
func (c *Child) Stderr() string {
	c.errMu.Lock()
	defer c.errMu.Unlock()
	return strings.TrimSpace(c.stderr.String())
}

func (c *Child) readLines(r io.Reader) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		c.lines <- sc.Text()
	}
	close(c.lines)
	c.exitErr <- c.cmd.Wait()
}

func (c *Child) next() (string, error) {
	select {
	case l, ok := <-c.lines:
		if !ok {
			return "", fmt.Errorf("server child exited: %s", c.Stderr())
		}
		return l, nil
	case <-time.After(childTimeout):
		return "", fmt.Errorf("server child did not answer in %v", childTimeout)
	}
}

func (c *Child) hello() (Hello, error) {
	l, err := c.next()
	if err != nil {
		return Hello{}, err
	}
	return ParseHello([]byte(l))
}

// ParseHello decodes the child's first line; an error line or one without
// addresses is an error.
func ParseHello(line []byte) (Hello, error) {
	var h Hello
	if err := json.Unmarshal(line, &h); err != nil {
		return h, fmt.Errorf("bad hello line %.80q: %w", line, err)
	}
	switch {
	case h.Error != "":
		return h, errors.New(h.Error)
	case h.Pid <= 0 || len(h.Addrs) == 0:
		return h, fmt.Errorf("hello line %.80q lacks pid or addrs", line)
	}
	return h, nil
}

// Counters asks the child for its counters.
func (c *Child) Counters() (server.Counters, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var cs server.Counters
	if _, err := io.WriteString(c.stdin, "counters\n"); err != nil {
		return cs, fmt.Errorf("control pipe: %w", err)
	}
	l, err := c.next()
	if err != nil {
		return cs, err
	}
	if err := json.Unmarshal([]byte(l), &cs); err != nil {
		return cs, fmt.Errorf("bad counters line %.80q: %w", l, err)
	}
	return cs, nil
}

// Target is the child as a scenario's target.
func (c *Child) Target() Target {
	return Target{Addrs: c.Addrs, Counters: c.Counters, PID: c.PID}
}

// Stop asks the child to stop and waits for it; it kills it if it does not
// exit in time. It returns the exit error (nil for a clean exit 0).
func (c *Child) Stop() error {
	c.mu.Lock()
	_, _ = io.WriteString(c.stdin, "stop\n")
	c.stdin.Close()
	c.mu.Unlock()
	go func() {
		for range c.lines {
		}
	}()
	select {
	case err := <-c.exitErr:
		return err
	case <-time.After(childTimeout):
		c.Kill()
		return fmt.Errorf("server child did not stop in %v; killed", childTimeout)
	}
}

// Kill ends the child by PID (SIGKILL) and reaps it.
func (c *Child) Kill() {
	if c.cmd.Process != nil {
		_ = c.cmd.Process.Kill()
	}
	c.stdin.Close()
	go func() {
		for range c.lines {
		}
	}()
	select {
	case <-c.exitErr:
	case <-time.After(childTimeout):
	}
}
