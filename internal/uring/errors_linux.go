package uring

import "os"

// sysErr names the failing syscall, as os.NewSyscallError does, keeping the
// errno reachable with errors.Is.
func sysErr(name string, err error) error {
	return os.NewSyscallError(name, err)
}
