package procstat

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"
)

// ticksPerSecond is USER_HZ, fixed at 100 in the Linux ABI for /proc.
const ticksPerSecond = 100

// Sample is one reading of a process's cumulative costs.
type Sample struct {
	// CPU is the time on CPU of all live threads, nanosecond precision.
	CPU time.Duration
	// User and Sys are the thread group's times at clock-tick precision.
	User, Sys time.Duration
	// tasks holds each live thread's on-CPU and run-queue wait times
	// (schedstat), by thread id, for BusiestWait.
	tasks map[string]taskTimes
	// CtxSwitches is Voluntary + Involuntary, all live threads. A
	// voluntary switch is a thread blocking (a wait, a futex); an
	// involuntary one is a thread preempted while it could still run.
	CtxSwitches, Voluntary, Involuntary uint64
	// RSSBytes is the resident set size now (not cumulative).
	RSSBytes uint64
	// Threads is the number of live threads read.
	Threads int
}

// Read samples process pid.
func Read(pid int) (Sample, error) {
	dir := filepath.Join("/proc", strconv.Itoa(pid))
	var s Sample
	var err error
	if s.User, s.Sys, err = readStatTimes(filepath.Join(dir, "stat")); err != nil {
		return s, err
	}
	if s.RSSBytes, err = readRSS(filepath.Join(dir, "statm")); err != nil {
		return s, err
	}
	tasks, err := os.ReadDir(filepath.Join(dir, "task"))
	if err != nil {
		return s, err
	}
	s.tasks = make(map[string]taskTimes, len(tasks))
	for _, t := range tasks {
		cpu, wait, cs, err := readTask(filepath.Join(dir, "task", t.Name()))
		if os.IsNotExist(err) {
			continue // the thread exited between ReadDir and the read
		}
		if err != nil {
			return s, err
		}
		s.CPU += cpu
		s.tasks[t.Name()] = taskTimes{cpu: cpu, wait: wait}
		s.Voluntary += cs.voluntary
		s.Involuntary += cs.involuntary
		s.CtxSwitches += cs.voluntary + cs.involuntary
		s.Threads++
	}
	return s, nil
}

// Sub returns s - prev for the cumulative fields; RSSBytes and Threads are
// taken from s.
func (s Sample) Sub(prev Sample) Sample {
	d := s
	d.CPU -= prev.CPU
	d.User -= prev.User
	d.Sys -= prev.Sys
	d.CtxSwitches -= prev.CtxSwitches
	d.Voluntary -= prev.Voluntary
	d.Involuntary -= prev.Involuntary
	return d
}

type taskTimes struct{ cpu, wait time.Duration }

// ForeignWait estimates how long other processes kept this one's busiest
// thread — the event loop, the generator's driver — from its CPU between
// prev and s. On a pinned CPU that thread waits, runnable, either behind
// its own process's other threads (a Go runtime helper spinning after a
// handoff) or behind someone else; the first is the process's own cost and
// is already in its CPU figures, so the time the other threads ran is taken
// off the busiest thread's run delay (schedstat). What is left is contention
// from outside: a compile, a test run, a noisy neighbour.
func (s Sample) ForeignWait(prev Sample) time.Duration {
	busiest := s.busiest(prev)
	others := (s.CPU - prev.CPU) - busiest.cpu
	return max(0, busiest.wait-others)
}

// OutsideBusiest is the CPU time, between prev and s, of every thread but
// the busiest one (an event loop's thread, in a process that has one),
// and the CPU time of all of them.
func (s Sample) OutsideBusiest(prev Sample) (outside, total time.Duration) {
	total = s.CPU - prev.CPU
	return max(0, total-s.busiest(prev).cpu), total
}

// busiest is the on-CPU and run-queue times, between prev and s, of the
// thread that ran the most.
func (s Sample) busiest(prev Sample) taskTimes {
	var busiest taskTimes
	for id, now := range s.tasks {
		before := prev.tasks[id] // zero for a thread born in the interval
		if cpu := now.cpu - before.cpu; cpu > busiest.cpu {
			busiest = taskTimes{cpu: cpu, wait: now.wait - before.wait}
		}
	}
	return busiest
}

// readStatTimes parses utime and stime (fields 14 and 15) of a stat file.
// The command name (field 2) may hold spaces and parentheses, so fields are
// counted from the last ')'.
func readStatTimes(path string) (user, sys time.Duration, err error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, 0, err
	}
	i := strings.LastIndexByte(string(b), ')')
	if i < 0 {
		return 0, 0, fmt.Errorf("%s: no ')' in %q", path, b)
	}
	f := strings.Fields(string(b[i+1:]))
	// f[0] is field 3 (state), so field n is f[n-3].
	if len(f) < 13 {
		return 0, 0, fmt.Errorf("%s: %d fields after the name", path, len(f))
	}
	ut, err1 := strconv.ParseUint(f[11], 10, 64)
	st, err2 := strconv.ParseUint(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, 0, fmt.Errorf("%s: bad utime/stime %q %q", path, f[11], f[12])
	}
	return ticks(ut), ticks(st), nil
}

func ticks(n uint64) time.Duration { return time.Duration(n) * time.Second / ticksPerSecond }

// readRSS reads the resident page count (second field) of a statm file.
func readRSS(path string) (uint64, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	f := strings.Fields(string(b))
	if len(f) < 2 {
		return 0, fmt.Errorf("%s: %q", path, b)
	}
	pages, err := strconv.ParseUint(f[1], 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", path, err)
	}
	return pages * uint64(unix.Getpagesize()), nil
}

// readTask reads one thread's nanosecond CPU and run-queue wait times and
// its context switches.
func readTask(dir string) (cpu, wait time.Duration, cs switches, err error) {
	b, err := os.ReadFile(filepath.Join(dir, "schedstat"))
	if err != nil {
		return 0, 0, cs, err
	}
	f := strings.Fields(string(b))
	if len(f) < 2 {
		return 0, 0, cs, fmt.Errorf("%s/schedstat: %q", dir, b)
	}
	onCPU, err1 := strconv.ParseUint(f[0], 10, 64)
	waited, err2 := strconv.ParseUint(f[1], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, 0, cs, fmt.Errorf("%s/schedstat: bad times %q", dir, b)
	}
	cs, err = readCtxSwitches(filepath.Join(dir, "status"))
	return time.Duration(onCPU), time.Duration(waited), cs, err
}

// switches are one thread's context switch counts.
type switches struct{ voluntary, involuntary uint64 }

// readCtxSwitches reads the two *_ctxt_switches lines of a status file.
func readCtxSwitches(path string) (switches, error) {
	var cs switches
	f, err := os.Open(path)
	if err != nil {
		return cs, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, _ := strings.Cut(sc.Text(), ":")
		var into *uint64
		switch k {
		case "voluntary_ctxt_switches":
			into = &cs.voluntary
		case "nonvoluntary_ctxt_switches":
			into = &cs.involuntary
		default:
			continue
		}
		n, err := strconv.ParseUint(strings.TrimSpace(v), 10, 64)
		if err != nil {
			return cs, fmt.Errorf("%s: %s: %w", path, k, err)
		}
		*into = n
	}
	return cs, sc.Err()
}

// Self returns the calling process's user+system CPU time from getrusage,
// all threads, microsecond precision: the load generator's own cost.
func Self() (user, sys time.Duration, err error) {
	var ru unix.Rusage
	if err := unix.Getrusage(unix.RUSAGE_SELF, &ru); err != nil {
		return 0, 0, os.NewSyscallError("getrusage", err)
	}
	return time.Duration(ru.Utime.Nano()), time.Duration(ru.Stime.Nano()), nil
}
