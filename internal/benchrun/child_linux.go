//go:build linux

package benchrun

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/muxbench/muxbench/internal/server"
	"github.com/muxbench/muxbench/internal/syscount"
)

// Timeouts of the control protocol. A healthy child answers in
// microseconds; these only bound a hung or dying one.
const (
	helloTimeout   = 15 * time.Second
	requestTimeout = 5 * time.Second
	exitTimeout    = 5 * time.Second
	// reapWait bounds the wait for a child whose control pipe broke to be
	// seen exiting.
	reapWait = time.Second
)

// ChildSpec is how to start one `bench serve --control` child.
type ChildSpec struct {
	// Exe and Args run the child; Env is appended to the environment.
	Exe  string
	Args []string
	Env  []string
	// Count attaches syscall counters before the child runs (see syscount);
	// NoCount says why not when Count is false.
	Count   bool
	NoCount string
	// CPU, when >= 0, is the CPU the child starts pinned to (see startPinned).
	CPU int
}

// child is a running server process driven over its control pipe: one JSON
// hello line, then `counters` and `stop` requests answered by one JSON line
// of server.Counters each. Closing its stdin stops it too, so the child
// never outlives bench: stdin EOF, Pdeathsig, and a kill by PID on every
// exit path (kill).
type child struct {
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	lines  chan string
	exited chan struct{}
	// done is closed by kill so the line reader never blocks on a child
	// that prints more than it was asked for.
	done     chan struct{}
	killOnce sync.Once
	waitErr  error
	stderr   *tailBuffer
	pid      int
	addrs    []string
	backend  string
	// counter is nil when counting is off; countNA says why it is off.
	counter *syscount.Counter
	countNA string
}

type hello struct {
	Pid     int      `json:"pid"`
	Backend string   `json:"backend"`
	Addrs   []string `json:"addrs"`
	Error   string   `json:"error"`
}

// startChild starts the child and reads its hello. A child that reports an
// error, exits or stays silent is killed and the error returned.
func startChild(spec ChildSpec) (*child, error) {
	cmd := exec.Command(spec.Exe, spec.Args...)
	cmd.Env = append(os.Environ(), spec.Env...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	c := &child{cmd: cmd, lines: make(chan string, 4), exited: make(chan struct{}), done: make(chan struct{}), stderr: newTailBuffer(4096)}
	cmd.Stderr = c.stderr
	stdout, err := c.startWithPipes(spec)
	if err != nil {
		return nil, err
	}
	go c.readLines(stdout)
	go func() { c.waitErr = cmd.Wait(); close(c.exited) }()
	if err := c.readHello(); err != nil {
		c.kill()
		return nil, err
	}
	return c, nil
}

// startWithPipes starts the child with its stdin and stdout on plain pipes
// rather than StdinPipe/StdoutPipe: Wait closes those, and the final
// counters line is read after the child exited. It returns stdout's end.
func (c *child) startWithPipes(spec ChildSpec) (*os.File, error) {
	inR, inW, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	outR, outW, err := os.Pipe()
	if err != nil {
		inR.Close()
		inW.Close()
		return nil, err
	}
	c.cmd.Stdin, c.cmd.Stdout, c.stdin = inR, outW, inW
	err = startPinned(spec.CPU, func() error { return c.start(spec) })
	inR.Close()
	outW.Close()
	if err != nil {
		inW.Close()
		outR.Close()
		return nil, err
	}
	return outR, nil
}

// start starts the process, attaching counters when asked. A refusal to
// count leaves the child running uncounted with the reason in countNA.
func (c *child) start(spec ChildSpec) error {
	if !spec.Count {
		c.countNA = spec.NoCount
		return c.cmd.Start()
	}
	counter, err := syscount.Start(c.cmd, syscount.DefaultNames)
	if errors.Is(err, syscount.ErrUnavailable) {
		c.countNA = err.Error()
		return nil
	}
	if err != nil {
		if c.cmd.Process != nil {
			c.cmd.Process.Kill()
			c.cmd.Wait()
		}
		return err
	}
	c.counter = counter
	return nil
}

func (c *child) readLines(r io.ReadCloser) {
	defer close(c.lines)
	defer r.Close()
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		select {
		case c.lines <- sc.Text():
		case <-c.done:
			return
		}
	}
}

func (c *child) readHello() error {
	line, err := c.next(helloTimeout)
	if err != nil {
		return err
	}
	var h hello
	if err := json.Unmarshal([]byte(line), &h); err != nil {
		return fmt.Errorf("server child: bad hello %q: %w", line, err)
	}
	if h.Error != "" {
		return fmt.Errorf("server child: %s", h.Error)
	}
	if len(h.Addrs) == 0 {
		return fmt.Errorf("server child: hello without addresses: %q", line)
	}
	c.pid, c.addrs, c.backend = c.cmd.Process.Pid, h.Addrs, h.Backend
	return nil
}

// next returns the child's next stdout line.
func (c *child) next(timeout time.Duration) (string, error) {
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case line, ok := <-c.lines:
		if !ok {
			<-c.exited
			return "", fmt.Errorf("server child exited: %v%s", c.waitErr, c.stderrTail())
		}
		return line, nil
	case <-t.C:
		return "", fmt.Errorf("server child silent for %v%s", timeout, c.stderrTail())
	}
}

func (c *child) stderrTail() string {
	s := strings.TrimSpace(c.stderr.String())
	if s == "" {
		return ""
	}
	return "; stderr: " + s
}

// request sends one control line and decodes the counters it answers.
func (c *child) request(cmd string) (server.Counters, error) {
	var sc server.Counters
	if _, err := io.WriteString(c.stdin, cmd+"\n"); err != nil {
		return sc, fmt.Errorf("server child: send %q: %w%s", cmd, err, c.stderrTail())
	}
	line, err := c.next(requestTimeout)
	if err != nil {
		// A late answer would be read as the next request's: a child that
		// fell out of step with its control protocol is ended here.
		c.kill()
		return sc, err
	}
	if err := json.Unmarshal([]byte(line), &sc); err != nil {
		return sc, fmt.Errorf("server child: bad counters %q: %w", line, err)
	}
	return sc, nil
}

// counters asks for a snapshot of the backend's own counters.
func (c *child) counters() (server.Counters, error) { return c.request("counters") }

// alive reports whether the child is still running.
func (c *child) alive() bool {
	select {
	case <-c.exited:
		return false
	default:
		return true
	}
}

// exitedWithin reports whether the child has exited or does so within
// wait: a child whose control pipe broke is being reaped, and its exit is
// seen a moment later.
func (c *child) exitedWithin(wait time.Duration) bool {
	if !c.alive() || wait <= 0 {
		return !c.alive()
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-c.exited:
		return true
	case <-t.C:
		return false
	}
}

// exitReason describes how the child ended, with its stderr's tail.
func (c *child) exitReason() string {
	return fmt.Sprintf("server child %d exited: %v%s", c.pid, c.waitErr, c.stderrTail())
}

// stop asks the child to stop, returns its final counters and waits for it
// to exit; a child that does not exit in time is killed.
func (c *child) stop() (server.Counters, error) {
	sc, err := c.request("stop")
	c.stdin.Close()
	t := time.NewTimer(exitTimeout)
	defer t.Stop()
	select {
	case <-c.exited:
		if err == nil && c.waitErr != nil {
			err = fmt.Errorf("server child: %w%s", c.waitErr, c.stderrTail())
		}
	case <-t.C:
		err = errors.Join(err, fmt.Errorf("server child %d did not exit within %v after stop; killed", c.pid, exitTimeout))
	}
	c.kill()
	return sc, err
}

// kill ends the child by PID if it still runs, reaps it and releases the
// counters. It is safe to call more than once and after stop.
func (c *child) kill() {
	c.killOnce.Do(func() {
		c.stdin.Close()
		if c.alive() {
			c.cmd.Process.Kill()
			<-c.exited
		}
		close(c.done)
		c.counter.Close()
		c.counter = nil
	})
}
