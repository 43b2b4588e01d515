package rlimit

import (
	"os"

	"golang.org/x/sys/unix"
)

// Files is the RLIMIT_NOFILE pair after Raise.
type Files struct {
	Soft uint64 `json:"soft"`
	Hard uint64 `json:"hard"`
}

// Raise sets the soft RLIMIT_NOFILE to the hard one (raising the hard limit
// needs privileges and a sysctl, so it is left alone) and returns both. On a
// setrlimit failure it returns the unchanged limits with the error.
func Raise() (Files, error) {
	var lim unix.Rlimit
	if err := unix.Getrlimit(unix.RLIMIT_NOFILE, &lim); err != nil {
		return Files{}, os.NewSyscallError("getrlimit", err)
	}
	if lim.Cur < lim.Max {
		raised := unix.Rlimit{Cur: lim.Max, Max: lim.Max}
		if err := unix.Setrlimit(unix.RLIMIT_NOFILE, &raised); err != nil {
			return Files{Soft: lim.Cur, Hard: lim.Max}, os.NewSyscallError("setrlimit", err)
		}
		lim = raised
	}
	return Files{Soft: lim.Cur, Hard: lim.Max}, nil
}

// Current returns the limits without changing them.
func Current() (Files, error) {
	var lim unix.Rlimit
	if err := unix.Getrlimit(unix.RLIMIT_NOFILE, &lim); err != nil {
		return Files{}, os.NewSyscallError("getrlimit", err)
	}
	return Files{Soft: lim.Cur, Hard: lim.Max}, nil
}

// Exhaust lowers the soft RLIMIT_NOFILE to the lowest free fd number, so
// that the next fd the process creates fails with EMFILE while the fds it
// holds stay usable. It is for tests of fd exhaustion; restore puts the
// limits back.
func Exhaust() (restore func() error, err error) {
	var lim unix.Rlimit
	if err := unix.Getrlimit(unix.RLIMIT_NOFILE, &lim); err != nil {
		return nil, os.NewSyscallError("getrlimit", err)
	}
	lowest, err := unix.Open("/dev/null", unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, os.NewSyscallError("open", err)
	}
	unix.Close(lowest)
	if err := unix.Setrlimit(unix.RLIMIT_NOFILE, &unix.Rlimit{Cur: uint64(lowest), Max: lim.Max}); err != nil {
		return nil, os.NewSyscallError("setrlimit", err)
	}
	return func() error {
		if err := unix.Setrlimit(unix.RLIMIT_NOFILE, &lim); err != nil {
			return os.NewSyscallError("setrlimit", err)
		}
		return nil
	}, nil
}
