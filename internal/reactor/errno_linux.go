package reactor

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// errno outcomes, decided in one place so the loop never compares raw errnos.
type errKind uint8

const (
	errNone  errKind = iota
	errRetry         // EINTR: the call was interrupted, issue it again
	errAgain         // EAGAIN/EWOULDBLOCK: nothing to do until readiness
	errFatal         // anything else: the fd (or the loop) is done
)

// classify sorts a syscall error; it does not allocate.
func classify(err error) errKind {
	switch {
	case err == nil:
		return errNone
	case err == unix.EINTR:
		return errRetry
	case err == unix.EAGAIN:
		return errAgain
	}
	return errFatal
}

// sysErr names the failing syscall, as os.NewSyscallError does, keeping the
// errno reachable with errors.Is.
func sysErr(name string, err error) error {
	return os.NewSyscallError(name, err)
}

// errStop ends the loop after a requested stop (Close or ctx done).
var errStop = errors.New("reactor: stop requested")
