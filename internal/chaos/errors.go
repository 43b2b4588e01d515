package chaos

import (
	"context"
	"errors"
	"fmt"
	"os"
	"syscall"
	"time"
)

type writeError struct{ err error }

func (e *writeError) Error() string { return "write: " + e.err.Error() }
func (e *writeError) Unwrap() error { return e.err }

type shortError struct{ got, want int }

func (e *shortError) Error() string {
	return fmt.Sprintf("connection closed after %d of %d echoed bytes", e.got, e.want)
}

// kindOf names an exchange's failure for the anomaly counts.
func kindOf(err error) string {
	var mm *MismatchError
	var short *shortError
	var we *writeError
	switch {
	case errors.As(err, &mm):
		return "mismatch"
	case errors.Is(err, errExtra):
		return "extra-bytes"
	case errors.Is(err, errNoEOF):
		return "no-eof-after-half-close"
	case errors.As(err, &short):
		return "short"
	case errors.Is(err, os.ErrDeadlineExceeded):
		return "timeout"
	// ENOTCONN: a half-close (shutdown) on a connection the server has
	// already reset.
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE), errors.Is(err, syscall.ENOTCONN):
		return "reset-by-server"
	case errors.As(err, &we):
		return "write"
	}
	return "read"
}

// report counts an anomaly unless the run's end caused it.
func (c *client) report(ctx context.Context, kind string, err error) {
	if ended(ctx) {
		return
	}
	c.t.anomaly(kind, err)
}

// ended reports whether the run is over. Its deadline counts as soon as
// it passes: a dial or read given that deadline fails with a timeout before
// the context's own timer has marked it done, which on a loaded machine
// can take milliseconds, and that failure is the run's end, not an anomaly.
func ended(ctx context.Context) bool {
	if ctx.Err() != nil {
		return true
	}
	dl, ok := ctx.Deadline()
	return ok && !time.Now().Before(dl)
}
