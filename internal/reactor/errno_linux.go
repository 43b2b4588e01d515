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

// accept4(2) outcomes, decided here like the others.
type acceptKind uint8

const (
	acceptOK      acceptKind = iota
	acceptDrained            // EAGAIN: the backlog is empty
	acceptNext               // that connection failed; the rest of the backlog is fine
	acceptNoFd               // EMFILE/ENFILE: refuse through the spare fd
	acceptDefer              // anything else: the same call would fail again now
)

// classifyAccept sorts an accept4 error. accept(2) hands the network
// errors already pending on a new connection to the caller and says to
// treat them like EAGAIN, i.e. go on with the next; ECONNABORTED is a
// connection reset while queued. ENOBUFS, ENOMEM and EPERM (a security
// module's refusal) come before a connection is dequeued, so they would
// repeat at once.
func classifyAccept(err error) acceptKind {
	switch err {
	case nil:
		return acceptOK
	case unix.EAGAIN:
		return acceptDrained
	case unix.ECONNABORTED, unix.EPROTO, unix.ENETDOWN, unix.ENOPROTOOPT, unix.EHOSTDOWN,
		unix.ENONET, unix.EHOSTUNREACH, unix.EOPNOTSUPP, unix.ENETUNREACH:
		return acceptNext
	case unix.EMFILE, unix.ENFILE:
		return acceptNoFd
	}
	return acceptDefer
}

// sysErr names the failing syscall, as os.NewSyscallError does, keeping the
// errno reachable with errors.Is.
func sysErr(name string, err error) error {
	return os.NewSyscallError(name, err)
}

// errStop ends the loop after a requested stop (Close or ctx done).
var errStop = errors.New("reactor: stop requested")
