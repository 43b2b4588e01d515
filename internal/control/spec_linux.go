package control

import (
	"context"
	"os"
	"os/exec"
	"syscall"

	"github.com/muxbench/muxbench/internal/rlimit"
)

// Spec is how to start one child.
type Spec struct {
	// Exe and Args run the child (Args after Exe, e.g. ServeArgs(name));
	// Env is appended to this process's environment.
	Exe  string
	Args []string
	Env  []string
	// FdLimit, when > 0, starts the child under that RLIMIT_NOFILE, soft
	// and hard, so it cannot raise it (see rlimit.Command).
	FdLimit int
	// Start, when set, starts cmd in place of cmd.Start: the hook where
	// bench run attaches perf syscall counters at the child's exec stop
	// (syscount.Start), from a thread pinned to the server's CPU. It must
	// either leave cmd running (cmd.Process set) and return nil, or return
	// an error with no process left behind. cmd's stdio and SysProcAttr
	// (Pdeathsig) are already set; the hook may add to SysProcAttr.
	Start func(cmd *exec.Cmd) error
}

// command is the child's process, not started: under its fd limit, with
// Pdeathsig so that it dies with the thread that started it.
func (s Spec) command() *exec.Cmd {
	cmd := rlimit.Command(context.Background(), s.FdLimit, s.Exe, s.Args...)
	cmd.Env = append(os.Environ(), s.Env...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	return cmd
}

func (s Spec) start(cmd *exec.Cmd) error {
	if s.Start != nil {
		return s.Start(cmd)
	}
	return cmd.Start()
}
