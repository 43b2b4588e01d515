package benchrun

import (
	"os"
	"runtime"
	"time"

	"golang.org/x/sys/unix"

	"github.com/muxbench/muxbench/internal/affinity"
)

// calibrationRounds is the fixed work timed on each pinned CPU before a
// trial's window: a chain of xorshift steps, each depending on the last,
// so it runs at the CPU's own pace (about 10 ms on the project's
// machines). It is long enough to outlast a scheduler slice, so a process
// sharing the CPU shows as a slower time; what it measures is the CPU's
// speed as the window is about to see it (frequency, steal, a neighbour).
const calibrationRounds = 6 << 20

// calibrationSink keeps the result of the work alive.
var calibrationSink uint64

// calibrationWork runs the fixed work and returns its result.
func calibrationWork(rounds int) uint64 {
	x := uint64(88172645463325252)
	for range rounds {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
	}
	return x
}

// calibrate times the fixed work on cpu (cpu < 0: wherever the thread
// runs).
func calibrate(cpu int) (time.Duration, error) {
	var took time.Duration
	err := onCPU(cpu, func() {
		begin := time.Now()
		calibrationSink += calibrationWork(calibrationRounds)
		took = time.Since(begin)
	})
	return took, err
}

// onCPU runs f on a thread pinned to cpu (cpu < 0: wherever it runs), then
// restores the thread's mask and re-pins the whole process to what it
// was, in case the runtime cloned a thread from it meanwhile.
func onCPU(cpu int, f func()) error {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var saved, want unix.CPUSet
	if err := unix.SchedGetaffinity(0, &saved); err != nil {
		return os.NewSyscallError("sched_getaffinity", err)
	}
	if cpu >= 0 {
		want.Set(cpu)
		if err := unix.SchedSetaffinity(0, &want); err != nil {
			return os.NewSyscallError("sched_setaffinity", err)
		}
	}
	f()
	if cpu < 0 {
		return nil
	}
	if err := unix.SchedSetaffinity(0, &saved); err != nil {
		return os.NewSyscallError("sched_setaffinity", err)
	}
	return affinity.PinSet(&saved)
}
