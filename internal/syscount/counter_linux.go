package syscount

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"unsafe"

	"golang.org/x/sys/unix"
)

// ErrUnavailable marks an error saying why syscalls cannot be counted here.
var ErrUnavailable = errors.New("syscall counting unavailable")

// WaitCalls are the readiness waits the backends may use.
var WaitCalls = []string{"select", "pselect6", "poll", "ppoll", "epoll_wait", "epoll_pwait", "epoll_pwait2"}

// DefaultNames are the calls counted by name: the waits, the data path, the
// interest changes, and what the Go runtime does on its own (futex, nanosleep
// and sched_yield from sysmon and the scheduler, tgkill for preemption,
// madvise/mmap from the allocator).
var DefaultNames = append(append([]string{}, WaitCalls...),
	"read", "write", "readv", "writev", "recvfrom", "sendto", "recvmsg", "sendmsg",
	"epoll_ctl", "accept4", "accept", "close", "futex", "nanosleep", "clock_nanosleep",
	"sched_yield", "tgkill", "rt_sigreturn", "getpid", "mmap", "munmap", "madvise")

// Counter holds the open counters of one process.
type Counter struct {
	total *os.File
	named map[string]*os.File
}

// Snapshot is the cumulative count of every counter at one moment.
type Snapshot struct {
	Total  uint64
	ByName map[string]uint64
}

// Open attaches counters to pid with inherit=1. It counts pid's existing
// thread and every thread and process it creates from now on; see the
// package comment for why this must happen before the process runs.
func Open(pid int, names []string) (*Counter, error) {
	return open(pid, names, unix.PerfBitInherit)
}

// Hold opens disabled counters for names on the calling process and keeps
// them until Close. Creating the first perf event on a syscall tracepoint
// registers a probe and destroying the last one unregisters it, which waits
// for an RCU grace period: tens of milliseconds per tracepoint on a busy
// machine, about a second per child for the default names. While a Hold is
// open the tracepoints stay registered, so opening and closing each child's
// counters is cheap. A held counter counts nothing.
func Hold(names []string) (*Counter, error) {
	return open(os.Getpid(), names, unix.PerfBitDisabled)
}

func open(pid int, names []string, bits uint64) (*Counter, error) {
	events, err := eventsDir()
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	totalID, err := tracepointID(events, "raw_syscalls", "sys_enter")
	if err != nil {
		return nil, fmt.Errorf("%w: tracepoint raw_syscalls:sys_enter: %w", ErrUnavailable, err)
	}
	ids, err := syscallIDs(events, names)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	c := &Counter{named: make(map[string]*os.File, len(ids))}
	if c.total, err = openTracepoint(pid, totalID, bits, "raw_syscalls:sys_enter"); err != nil {
		return nil, err
	}
	for n, id := range ids {
		f, err := openTracepoint(pid, id, bits, "syscalls:sys_enter_"+n)
		if err != nil {
			c.Close()
			return nil, err
		}
		c.named[n] = f
	}
	return c, nil
}

// openTracepoint opens one counting event on pid, any CPU.
func openTracepoint(pid int, id uint64, bits uint64, what string) (*os.File, error) {
	attr := unix.PerfEventAttr{
		Type:   unix.PERF_TYPE_TRACEPOINT,
		Config: id,
		Bits:   bits,
	}
	attr.Size = uint32(unsafe.Sizeof(attr))
	fd, err := unix.PerfEventOpen(&attr, pid, -1, -1, unix.PERF_FLAG_FD_CLOEXEC)
	if err != nil {
		return nil, fmt.Errorf("%w: perf_event_open(%s, pid %d): %w%s", ErrUnavailable, what, pid, err, paranoidHint(err))
	}
	return os.NewFile(uintptr(fd), "perf:"+what), nil
}

// paranoidHint adds the kernel setting that usually explains a refusal.
func paranoidHint(err error) string {
	if !errors.Is(err, unix.EACCES) && !errors.Is(err, unix.EPERM) {
		return ""
	}
	b, rerr := os.ReadFile("/proc/sys/kernel/perf_event_paranoid")
	if rerr != nil {
		return " (not root / no CAP_PERFMON?)"
	}
	return fmt.Sprintf(" (kernel.perf_event_paranoid=%s; needs root or CAP_PERFMON)", string(b[:len(b)-1]))
}

// Read returns the current cumulative counts, inherited threads included.
func (c *Counter) Read() (Snapshot, error) {
	s := Snapshot{ByName: make(map[string]uint64, len(c.named))}
	var err error
	if s.Total, err = readCount(c.total); err != nil {
		return s, err
	}
	for n, f := range c.named {
		if s.ByName[n], err = readCount(f); err != nil {
			return s, err
		}
	}
	return s, nil
}

func readCount(f *os.File) (uint64, error) {
	var b [8]byte
	n, err := f.Read(b[:])
	if err != nil {
		return 0, fmt.Errorf("read %s: %w", f.Name(), err)
	}
	if n != len(b) {
		return 0, fmt.Errorf("read %s: short read of %d bytes", f.Name(), n)
	}
	return binary.NativeEndian.Uint64(b[:]), nil
}

// Close releases every counter. It is safe on a nil or closed Counter.
func (c *Counter) Close() error {
	if c == nil {
		return nil
	}
	var errs []error
	if c.total != nil {
		errs = append(errs, c.total.Close())
		c.total = nil
	}
	for n, f := range c.named {
		errs = append(errs, f.Close())
		delete(c.named, n)
	}
	return errors.Join(errs...)
}
