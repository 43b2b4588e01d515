package iouring

import (
	"errors"
	"os"

	"github.com/muxbench/muxbench/internal/uring"
	"golang.org/x/sys/unix"
)

// errno outcomes of a completion or a syscall, decided in one place.
type errKind uint8

const (
	errNone     errKind = iota
	errCanceled         // ECANCELED: this loop cancelled it
	errNoBufs           // ENOBUFS: every provided buffer was lent out
	errRetry            // EINTR, EAGAIN: try again
	errAborted          // ECONNABORTED: a queued connection gave up before accept
	errNoFds            // EMFILE, ENFILE: out of file descriptors
	errBusy             // EBUSY, EAGAIN from io_uring_enter: reap, then submit again
	errFatal            // anything else: the connection (or the loop) is done
)

// classify sorts a completion's result; it does not allocate.
func classify(c uring.CQE) errKind {
	if c.Res >= 0 {
		return errNone
	}
	switch unix.Errno(-c.Res) {
	case unix.ECANCELED:
		return errCanceled
	case unix.ENOBUFS:
		return errNoBufs
	case unix.EINTR, unix.EAGAIN:
		return errRetry
	case unix.ECONNABORTED:
		return errAborted
	case unix.EMFILE, unix.ENFILE:
		return errNoFds
	}
	return errFatal
}

// enterKind sorts an io_uring_enter error: EBUSY and EAGAIN mean the kernel
// cannot take more submissions until completions are reaped.
func enterKind(err error) errKind {
	switch {
	case err == nil:
		return errNone
	case errors.Is(err, unix.EBUSY), errors.Is(err, unix.EAGAIN):
		return errBusy
	}
	return errFatal
}

func sysErr(name string, err error) error { return os.NewSyscallError(name, err) }

// errStop ends the loop after a requested stop (Close or ctx done).
var errStop = errors.New("io_uring: stop requested")
