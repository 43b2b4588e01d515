package control

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sync"
	"time"

	"github.com/muxbench/muxbench/internal/server"
)

// stderrTail is how much of a child's stderr is kept to explain a failure.
const stderrTail = 4096

// Child is a running server process driven over its control pipe (see the
// package comment). It never outlives this process: its stdin reaching EOF
// stops it, Pdeathsig kills it if the starting thread dies, and Kill ends it
// by PID on every exit path. Its methods are safe for concurrent use; one
// request is on the wire at a time.
type Child struct {
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	stdout *os.File // the read end of its stdout, closed by Kill
	lines  chan string
	exited chan struct{}
	// done is closed by Kill so the line reader never blocks on a child
	// that prints more than it was asked for.
	done     chan struct{}
	killOnce sync.Once
	mu       sync.Mutex // one request at a time
	waitErr  error
	stderr   *tailBuffer
	hello    Hello
}

// Start starts the child and reads its hello. A child that reports an
// error, exits or stays silent for HelloTimeout is killed and the error
// returned.
func Start(spec Spec) (*Child, error) {
	c := &Child{cmd: spec.command(), lines: make(chan string, 4), exited: make(chan struct{}),
		done: make(chan struct{}), stderr: newTailBuffer(stderrTail)}
	c.cmd.Stderr = c.stderr
	if err := c.startWithPipes(spec); err != nil {
		return nil, fmt.Errorf("starting %s: %w", spec.Exe, err)
	}
	go c.readLines(c.stdout)
	go func() { c.waitErr = c.cmd.Wait(); close(c.exited) }()
	if err := c.readHello(); err != nil {
		c.Kill()
		return nil, err
	}
	return c, nil
}

// startWithPipes starts the child with its stdin and stdout on plain pipes
// rather than StdinPipe/StdoutPipe: Wait closes those, and the final
// counters line is read after the child exited.
func (c *Child) startWithPipes(spec Spec) error {
	inR, inW, err := os.Pipe()
	if err != nil {
		return err
	}
	outR, outW, err := os.Pipe()
	if err != nil {
		inR.Close()
		inW.Close()
		return err
	}
	c.cmd.Stdin, c.cmd.Stdout, c.stdin, c.stdout = inR, outW, inW, outR
	err = spec.start(c.cmd)
	inR.Close()
	outW.Close()
	if err != nil {
		inW.Close()
		outR.Close()
		return err
	}
	return nil
}

// readLines hands the child's stdout lines to next until EOF or Kill,
// which closes r.
func (c *Child) readLines(r io.Reader) {
	defer close(c.lines)
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

func (c *Child) readHello() error {
	line, err := c.next(HelloTimeout)
	if err != nil {
		return err
	}
	if c.hello, err = ParseHello([]byte(line)); err != nil {
		return fmt.Errorf("server child: %w%s", err, c.stderrTail())
	}
	return nil
}

// next returns the child's next stdout line.
func (c *Child) next(timeout time.Duration) (string, error) {
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

func (c *Child) stderrTail() string {
	if s := c.Stderr(); s != "" {
		return "; stderr: " + s
	}
	return ""
}

// request sends one command and decodes the counters it answers.
func (c *Child) request(cmd string) (server.Counters, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, err := io.WriteString(c.stdin, cmd+"\n"); err != nil {
		return server.Counters{}, c.sendFailed(cmd, err)
	}
	line, err := c.next(AnswerTimeout)
	if err != nil {
		// A late answer would be read as the next request's: a child that
		// fell out of step with its control protocol is ended here.
		c.Kill()
		return server.Counters{}, err
	}
	return parseCounters([]byte(line))
}

// sendFailed explains a command that could not be written: a broken pipe
// means the child closed its stdin, usually by exiting, so how it ended is
// waited for (bounded by sendExitWait) and said.
func (c *Child) sendFailed(cmd string, err error) error {
	if c.ExitedWithin(sendExitWait) {
		return fmt.Errorf("server child: send %q: %w; %s", cmd, err, c.ExitReason())
	}
	return fmt.Errorf("server child: send %q: %w%s", cmd, err, c.stderrTail())
}

// sendExitWait bounds the wait for a child whose stdin broke to be seen
// exiting.
const sendExitWait = time.Second

// Counters asks for a snapshot of the backend's own counters.
func (c *Child) Counters() (server.Counters, error) { return c.request(CmdCounters) }

// Stop asks the child to stop, returns its final counters and waits for it
// to exit; a child that does not exit within ExitTimeout is killed. The
// error says how a child that did not exit cleanly ended.
func (c *Child) Stop() (server.Counters, error) {
	sc, err := c.request(CmdStop)
	return sc, c.awaitExit(err)
}

// CloseInput closes the child's stdin: EOF, which the child takes as stop
// (see the package comment). Finish then reads its final counters.
func (c *Child) CloseInput() error { return c.stdin.Close() }

// Finish returns the final counters of a child told to stop another way
// than Stop (SIGTERM, SIGINT, CloseInput) and waits for it to exit, as
// Stop does.
func (c *Child) Finish() (server.Counters, error) {
	c.mu.Lock()
	line, err := c.next(ExitTimeout)
	c.mu.Unlock()
	var sc server.Counters
	if err == nil {
		sc, err = parseCounters([]byte(line))
	}
	return sc, c.awaitExit(err)
}

// awaitExit closes stdin and waits for the child to exit, killing it after
// ExitTimeout; it adds to err how a child that did not exit cleanly ended.
func (c *Child) awaitExit(err error) error {
	c.stdin.Close()
	t := time.NewTimer(ExitTimeout)
	defer t.Stop()
	select {
	case <-c.exited:
		if err == nil && c.waitErr != nil {
			err = fmt.Errorf("server child: %w%s", c.waitErr, c.stderrTail())
		}
	case <-t.C:
		err = errors.Join(err, fmt.Errorf("server child %d did not exit within %v after stop; killed", c.PID(), ExitTimeout))
	}
	c.Kill()
	return err
}

// Kill ends the child by PID if it still runs and reaps it. When it
// returns, every fd this process held for the child is closed. It is safe
// to call more than once and after Stop.
func (c *Child) Kill() {
	c.killOnce.Do(func() {
		c.stdin.Close()
		if c.Alive() {
			c.cmd.Process.Kill()
			<-c.exited
		}
		close(c.done)
		c.stdout.Close() // ends readLines' read
	})
}
