package benchrun

import (
	"errors"
	"os/exec"
	"sync"
	"time"

	"github.com/muxbench/muxbench/internal/control"
	"github.com/muxbench/muxbench/internal/server"
	"github.com/muxbench/muxbench/internal/syscount"
)

// reapWait bounds the wait for a child whose control pipe broke to be seen
// exiting.
const reapWait = time.Second

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

// child is a server process driven over its control pipe (internal/control),
// started pinned and, when asked, with perf syscall counters attached at
// its exec stop (control.Spec's Start hook).
type child struct {
	*control.Child
	pid     int
	addrs   []string
	backend string
	// counter is nil when counting is off; countNA says why it is off.
	counter *syscount.Counter
	countNA string
	release sync.Once
}

// startChild starts the child and reads its hello. A child that reports an
// error, exits or stays silent is killed and the error returned.
func startChild(spec ChildSpec) (*child, error) {
	c := &child{}
	cs := control.Spec{Exe: spec.Exe, Args: spec.Args, Env: spec.Env, Start: func(cmd *exec.Cmd) error {
		return startPinned(spec.CPU, func() error { return c.start(cmd, spec) })
	}}
	var err error
	if c.Child, err = control.Start(cs); err != nil {
		c.counter.Close()
		return nil, err
	}
	c.pid, c.addrs, c.backend = c.PID(), c.Addrs(), c.Backend()
	return c, nil
}

// start starts the process, attaching counters when asked. A refusal to
// count leaves the child running uncounted with the reason in countNA.
func (c *child) start(cmd *exec.Cmd, spec ChildSpec) error {
	if !spec.Count {
		c.countNA = spec.NoCount
		return cmd.Start()
	}
	counter, err := syscount.Start(cmd, syscount.DefaultNames)
	if errors.Is(err, syscount.ErrUnavailable) {
		c.countNA = err.Error()
		return nil
	}
	if err != nil {
		if cmd.Process != nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
		return err
	}
	c.counter = counter
	return nil
}

// counters asks for a snapshot of the backend's own counters.
func (c *child) counters() (server.Counters, error) { return c.Counters() }

// alive reports whether the child is still running.
func (c *child) alive() bool { return c.Alive() }

// exitedWithin reports whether the child has exited or does so within wait.
func (c *child) exitedWithin(wait time.Duration) bool { return c.ExitedWithin(wait) }

// exitReason describes how the child ended, with its stderr's tail.
func (c *child) exitReason() string { return c.ExitReason() }

// stop asks the child to stop, returns its final counters and waits for it
// to exit, then releases the counters.
func (c *child) stop() (server.Counters, error) {
	sc, err := c.Stop()
	c.kill()
	return sc, err
}

// kill ends the child by PID if it still runs, reaps it and releases the
// counters. It is safe to call more than once and after stop.
func (c *child) kill() {
	c.Kill()
	c.release.Do(func() { c.counter.Close() })
}
