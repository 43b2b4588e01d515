package cli

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

// Exit codes of bench and loadgen.
const (
	// ExitOK: the command ran and everything it checked passed.
	ExitOK = 0
	// ExitFailed: the command ran and found a failure (a trial failed, a
	// regression, verify errors, an unreachable server), or could not
	// finish; what was measured is kept.
	ExitFailed = 1
	// ExitBadArgs: bad input (a flag, an address, a port in use, a limit),
	// found before anything ran.
	ExitBadArgs = 2
	// ExitNothingMeasured: every requested cell was n/a (beyond the fd
	// limit, select above FD_SETSIZE), so nothing would be measured.
	ExitNothingMeasured = 3
)

// ExitCodes documents the exit codes, one line each, for help texts.
var ExitCodes = []string{
	"0  ok",
	"1  the run failed (a failed trial, a regression, verify errors, an unreachable server); results so far are kept",
	"2  bad arguments (flag, address, port in use, limits)",
	"3  nothing to measure: every requested cell was n/a",
}

// SignalContext is a context cancelled by SIGINT or SIGTERM, so a command
// stops cleanly and keeps what it measured.
func SignalContext() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}
