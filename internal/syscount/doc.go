// Package syscount counts the system calls of a child process, every thread
// of it, with perf_event_open tracepoint counters: raw_syscalls:sys_enter for
// the total and syscalls:sys_enter_<name> for each named call.
//
// A counter opened with inherit=1 on a pid counts that task and the tasks it
// creates afterwards, not threads that already exist. A Go program starts
// its runtime threads before main, so the counters must be attached before
// the child runs any of its own code. Start does that exactly: the child is
// started with PTRACE_TRACEME, so it stops with SIGTRAP right after execve,
// single-threaded, before the new program's first instruction; the tracer
// thread (locked since fork, as ptrace requires) collects the stop with
// wait4, opens the counters on the pid, and detaches without a signal. From
// then on every thread the child creates inherits the counters, and reading
// a counter sums the task and all its inherited children.
//
// Tracepoint ids are read from tracefs (mounted at /sys/kernel/tracing when
// missing, which needs root). Where the kernel refuses (no tracefs, paranoid
// setting, no CAP_PERFMON), Start still starts the child and returns an error
// wrapping ErrUnavailable that says why, so the caller can fall back.
package syscount
