//go:build linux

package loadgen

import (
	"os"
	"time"

	"golang.org/x/sys/unix"
)

// cpuTimes is the process's user and system CPU time so far (all threads).
type cpuTimes struct{ user, sys time.Duration }

func processCPU() (cpuTimes, error) {
	var ru unix.Rusage
	if err := unix.Getrusage(unix.RUSAGE_SELF, &ru); err != nil {
		return cpuTimes{}, os.NewSyscallError("getrusage", err)
	}
	return cpuTimes{user: time.Duration(ru.Utime.Nano()), sys: time.Duration(ru.Stime.Nano())}, nil
}

// cpuOver is the generator's CPU between two readings, per request.
func cpuOver(a, b cpuTimes, reqs uint64) CPU {
	c := CPU{UserSec: (b.user - a.user).Seconds(), SysSec: (b.sys - a.sys).Seconds()}
	if reqs > 0 {
		c.UsPerReq = (c.UserSec + c.SysSec) * 1e6 / float64(reqs)
	}
	return c
}
