package reactor

import "time"

// How the loop blocks.
//
// A wait made the scheduler's way (Poller.Wait: syscall.Syscall, between
// entersyscall and exitsyscall) lets sysmon take the loop's P while the
// thread sleeps in the kernel: with no idle P after one sysmon tick (20-40
// µs), with one, once the loop has gone 10 ms without rescheduling — which
// a loop that never parks always has. Each time, sysmon hands the P to a
// freshly woken thread that finds nothing to do and sleeps again, and the
// loop's thread must get a P back when its wait returns: the context
// switches issue 15 measured. So the loop waits raw first (Poller.WaitRaw:
// RawSyscall, the P stays with the loop), for at most rawWaitMax; only a
// raw wait that ends empty with time left is followed by a wait the
// scheduler's way, so an idle server still sleeps for good and lets the
// runtime park its Ps and sysmon.
//
// Why a raw wait cannot starve the process or deadlock it. While the loop
// blocks raw, its P runs nothing else:
//   - With GOMAXPROCS >= 2 (what bench serve gives an event-loop child,
//     internal/gomaxprocs) every other goroutine — the control goroutine,
//     Counters and Close callers, the garbage collector's workers — has
//     another P and never waits for the loop's.
//   - A stop-the-world (the GC's, GOMAXPROCS's) must stop the loop's P
//     too. It preempts every P with a signal (SIGURG) that interrupts the
//     raw wait (EINTR, which epoll_wait, ppoll and pselect6 return whatever
//     SA_RESTART says); WaitRaw then returns empty and the loop goes on in
//     Go code, which is preemptible, or in Wait, where a P in a syscall
//     needs no one's help to stop. Without async preemption
//     (GODEBUG=asyncpreemptoff=1) there is no signal, and the raw wait
//     ends within rawWaitMax anyway.
//   - With GOMAXPROCS=1, any other goroutine gets the only P within
//     rawWaitMax plus a sysmon tick: when sysmon's 10 ms time slice
//     preempts the loop (the signal again), or when the raw wait ends and
//     the loop waits the scheduler's way, where sysmon retakes the P.
// TestRawWaitLetsOthersRun checks all three at GOMAXPROCS=1.
//
// The price: a loop idle for longer than RawWaitMax makes one wait call
// more (the raw one that timed out), so wait calls per request exceed one
// only where requests come more than RawWaitMax apart on a loop, never in
// steady state.

// RawWaitMax bounds a raw wait: the runtime's own time slice (a goroutine
// that holds its P this long is preempted anyway), so blocking raw holds
// the P no longer than running would.
const RawWaitMax = 10 * time.Millisecond

// rawWaitMax is RawWaitMax in a wait's milliseconds.
const rawWaitMax = int(RawWaitMax / time.Millisecond)

// wait waits for events: raw for up to rawWaitMax, then, if that found
// nothing and the timeout is not spent, the scheduler's way.
func (l *loop) wait() (int, error) {
	timeout := l.waitTimeout()
	raw := timeout
	if raw < 0 || raw > rawWaitMax {
		raw = rawWaitMax
	}
	n, err := l.poller.WaitRaw(l.events, raw)
	if n > 0 || err != nil || raw == timeout {
		return n, err
	}
	return l.poller.Wait(l.events, l.waitTimeout())
}
