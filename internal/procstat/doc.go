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
package procstat
