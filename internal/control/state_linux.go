package control

import (
	"fmt"
	"strings"
	"time"
)

// PID is the child's process id (that of the process started: a shell
// that set an fd limit has exec'd the server in its place).
func (c *Child) PID() int { return c.cmd.Process.Pid }

// Addrs are the server's bound addresses, from its hello.
func (c *Child) Addrs() []string { return c.hello.Addrs }

// Backend is the backend the child serves, from its hello.
func (c *Child) Backend() string { return c.hello.Backend }

// Hello is the child's hello line, decoded.
func (c *Child) Hello() Hello { return c.hello }

// Exited is closed once the child has exited and been reaped.
func (c *Child) Exited() <-chan struct{} { return c.exited }

// Stderr is the tail of what the child wrote on stderr so far.
func (c *Child) Stderr() string { return strings.TrimSpace(c.stderr.String()) }

// Alive reports whether the child is still running.
func (c *Child) Alive() bool {
	select {
	case <-c.exited:
		return false
	default:
		return true
	}
}

// ExitedWithin reports whether the child has exited or does so within
// wait: a child whose control pipe broke is being reaped, and its exit is
// seen a moment later.
func (c *Child) ExitedWithin(wait time.Duration) bool {
	if !c.Alive() || wait <= 0 {
		return !c.Alive()
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

// ExitReason describes how the child ended, with its stderr's tail.
func (c *Child) ExitReason() string {
	if c.Alive() {
		return fmt.Sprintf("server child %d still running", c.PID())
	}
	return fmt.Sprintf("server child %d exited: %v%s", c.PID(), c.waitErr, c.stderrTail())
}
