package affinity

import (
	"errors"
	"fmt"
	"os"
	"strconv"

	"golang.org/x/sys/unix"
)

// maxPasses bounds how often Pin re-reads the task list: a thread created
// while the first pass runs may have copied its creator's old mask.
const maxPasses = 4

// Pin restricts every thread of the current process to cpus.
func Pin(cpus []int) error {
	if len(cpus) == 0 {
		return fmt.Errorf("affinity: empty CPU set")
	}
	var set unix.CPUSet
	for _, c := range cpus {
		if c < 0 || c >= len(set)*64 {
			return fmt.Errorf("affinity: CPU %d out of range", c)
		}
		set.Set(c)
	}
	return PinSet(&set)
}

// PinSet restricts every thread of the current process to set. It repeats
// until a pass finds no thread it had not already pinned.
func PinSet(set *unix.CPUSet) error {
	pinned := map[int]bool{}
	for pass := 0; pass < maxPasses; pass++ {
		tids, err := Tasks()
		if err != nil {
			return err
		}
		fresh := 0
		for _, tid := range tids {
			if pinned[tid] {
				continue
			}
			if err := unix.SchedSetaffinity(tid, set); err != nil && !errors.Is(err, unix.ESRCH) {
				return fmt.Errorf("affinity: thread %d: %w", tid, os.NewSyscallError("sched_setaffinity", err))
			}
			pinned[tid] = true
			fresh++
		}
		if fresh == 0 {
			return nil
		}
	}
	return nil
}

// Tasks lists the thread ids of the current process.
func Tasks() ([]int, error) {
	entries, err := os.ReadDir("/proc/self/task")
	if err != nil {
		return nil, fmt.Errorf("affinity: %w", err)
	}
	tids := make([]int, 0, len(entries))
	for _, e := range entries {
		tid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		tids = append(tids, tid)
	}
	return tids, nil
}

// Current returns the CPU set the calling thread may run on.
func Current() (unix.CPUSet, error) {
	var set unix.CPUSet
	if err := unix.SchedGetaffinity(0, &set); err != nil {
		return set, os.NewSyscallError("sched_getaffinity", err)
	}
	return set, nil
}
