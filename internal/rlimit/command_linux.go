package rlimit

import (
	"context"
	"os/exec"
	"strconv"
)

// Command is exec.CommandContext(ctx, exe, args...) run under an
// RLIMIT_NOFILE of limit, soft and hard, so the child cannot raise it and
// this process's own limit is untouched. The limit is set by the shell's
// ulimit, which then execs exe: the child keeps the shell's PID, so a
// signal or a /proc read by PID reaches exe itself. limit <= 0 runs exe
// directly.
func Command(ctx context.Context, limit int, exe string, args ...string) *exec.Cmd {
	if limit <= 0 {
		return exec.CommandContext(ctx, exe, args...)
	}
	script := "ulimit -n " + strconv.Itoa(limit) + ` && exec "$@"`
	return exec.CommandContext(ctx, "/bin/sh", append([]string{"-c", script, "sh", exe}, args...)...)
}
