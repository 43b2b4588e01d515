// Package procstat samples what a process costs: CPU time, context switches
// and resident memory, summed over every thread, read from /proc.
//
// CPU time has two sources of different precision. /proc/PID/stat gives user
// and system time for the whole thread group (dead threads included) but in
// clock ticks (10 ms at USER_HZ=100): over a 1 s window that is a 1% step
// at full load and much worse at light load. /proc/PID/task/*/schedstat
// gives each live thread's time on CPU in nanoseconds (the scheduler's
// sum_exec_runtime), without the user/system split. Sample carries both: the
// nanosecond total is the figure to divide by requests; the tick-based user
// and system times are kept for the split. A thread that exits inside a
// window drops out of the schedstat sum; the Go runtime keeps its threads, so
// for the servers measured here that does not happen.
//
// Context switches are the voluntary and involuntary counts of
// /proc/PID/task/*/status (per thread: /proc/PID/status shows only the
// main thread's), kept apart and summed. Per-thread CPU also gives the
// share of a process's CPU spent outside its busiest thread
// (OutsideBusiest): for an event-loop server, outside its loop. RSS is
// /proc/PID/statm's resident pages.
//
// The parsing is this package's own, a few lines per file, on purpose:
// github.com/prometheus/procfs reads the same files (Stat, Schedstat per
// thread through AllThreads, NewStatus, FileDescriptorTargets) with the
// same figures, but parses every field of status and stat where one or two
// are needed at the window's edges, and would add a module for about 90
// lines; it was considered and left.
//
// Resources is a process's footprint rather than its cost: open fds (and
// how many are sockets), live threads and RSS, for the fault scenarios and
// the soak to compare before and after.
//
// ReadCPUs reads the steal and guest time of CPUs from the cpu lines at
// the top of /proc/stat: the time a hypervisor took a CPU away, which a
// process's own figures cannot show.
package procstat
