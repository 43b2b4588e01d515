package benchrun

import (
	"os"
	"runtime"

	"golang.org/x/sys/unix"

	"github.com/muxbench/muxbench/internal/affinity"
)

// startPinned runs start (a fork and exec) from a thread pinned to cpu, so
// the child inherits that CPU before its first instruction: the Go runtime
// of the child then sizes itself (GOMAXPROCS) to one CPU and none of its
// threads ever runs elsewhere. The thread's own mask is restored afterwards,
// and the whole generator re-pinned in case the runtime cloned a thread from
// it meanwhile. cpu < 0 starts the child unpinned.
func startPinned(cpu int, start func() error) error {
	if cpu < 0 {
		return start()
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var saved, want unix.CPUSet
	if err := unix.SchedGetaffinity(0, &saved); err != nil {
		return os.NewSyscallError("sched_getaffinity", err)
	}
	want.Set(cpu)
	if err := unix.SchedSetaffinity(0, &want); err != nil {
		return os.NewSyscallError("sched_setaffinity", err)
	}
	err := start()
	if rerr := unix.SchedSetaffinity(0, &saved); rerr != nil && err == nil {
		err = os.NewSyscallError("sched_setaffinity", rerr)
	}
	if perr := affinity.PinSet(&saved); perr != nil && err == nil {
		err = perr
	}
	return err
}
