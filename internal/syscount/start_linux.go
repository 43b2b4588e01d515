package syscount

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"syscall"

	"golang.org/x/sys/unix"
)

// Start starts cmd and attaches counters for names to it before the new
// program runs (see the package comment). When counting is refused, the child
// is still started and resumed, and the error wraps ErrUnavailable with the
// reason; any other error means cmd did not start (cmd.Process is then nil)
// or was killed because it could not be resumed.
func Start(cmd *exec.Cmd, names []string) (*Counter, error) {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Ptrace = true
	// ptrace requests must come from the thread that forked the tracee.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	pid := cmd.Process.Pid
	if err := waitExecStop(pid); err != nil {
		cmd.Process.Kill()
		return nil, err
	}
	c, openErr := Open(pid, names)
	if err := unix.PtraceDetach(pid); err != nil {
		c.Close()
		cmd.Process.Kill()
		return nil, os.NewSyscallError("ptrace(PTRACE_DETACH)", err)
	}
	return c, openErr
}

// waitExecStop waits for the SIGTRAP stop that follows execve in a tracee.
func waitExecStop(pid int) error {
	var ws unix.WaitStatus
	for {
		_, err := unix.Wait4(pid, &ws, 0, nil)
		if errors.Is(err, unix.EINTR) {
			continue
		}
		if err != nil {
			return os.NewSyscallError("wait4", err)
		}
		break
	}
	if !ws.Stopped() || ws.StopSignal() != unix.SIGTRAP {
		return fmt.Errorf("child %d: expected the exec stop (SIGTRAP), got wait status %#x", pid, uint32(ws))
	}
	return nil
}

// Probe reports whether counting can work here, by opening the total counter
// on the calling process. It returns nil or an error wrapping ErrUnavailable.
func Probe() error {
	c, err := Open(os.Getpid(), nil)
	if err != nil {
		return err
	}
	return c.Close()
}
