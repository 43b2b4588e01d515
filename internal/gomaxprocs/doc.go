// Package gomaxprocs sizes the Go runtime of a `bench serve` child whose
// event loop holds one P for good.
//
// A raw backend's loop is one goroutine locked to its thread that keeps its
// P while it serves: its syscalls are raw and it waits raw for up to 10 ms
// (internal/reactor, wait_linux.go). Pinned to one CPU, the runtime sizes
// itself to one P (GOMAXPROCS=1), and then everything else the process
// runs — the control goroutine that answers bench run, signal delivery, the
// garbage collector's workers — runs only when the loop lets go of that P:
// after a raw wait or at sysmon's 10 ms preemption. And a wait made the
// scheduler's way (entersyscall) that outlasts a sysmon tick (20-40 µs)
// has its only P retaken, each time waking another thread to hold it: the
// tax issue 15 measured. A second P costs nothing while idle, gives the
// rest of the process somewhere to run at once, on the same CPU, and stops
// sysmon from retaking a short wait (it retakes a syscall's P at once only
// when no P is idle).
//
// The policy, applied by ForBackend: an event-loop backend (registry Kind
// EventLoop) gets GOMAXPROCS = max(2, CPUs it may use), set explicitly, so
// the runtime's periodic resizing (Go 1.25+, which follows the CPU mask)
// leaves it alone. A GOMAXPROCS in the environment always wins; other kinds
// of backend (netpoll: bench run sets its GOMAXPROCS; io_uring) are left to
// the runtime's default.
package gomaxprocs
