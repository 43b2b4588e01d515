package loadgen

import (
	"fmt"
	"sync"

	"golang.org/x/sys/unix"
)

// A driver that polls before its sends (punctual_linux.go) is on time only
// if nothing else holds its CPU when a send falls due. The generator shares
// its pinned CPU with the rest of its own process (the runner, the
// collector, the Go runtime's threads) and with whatever else the machine
// runs there: a scheduler trace of the generator's CPU during an open-loop
// smoke run on this project's VMs showed kdamond (the kernel's DAMON
// reclaim, up to 0.7 ms at a time) and the VM agent's threads (up to 49 ms)
// beside the generator's own, and the trials whose send lag reached 1 ms
// were those whose driver had waited behind other processes (0.2-0.3% of
// the window). So for its window such a driver runs SCHED_FIFO at the
// lowest real-time priority, as cyclictest runs its measuring threads: when
// its wait ends it takes the CPU from any ordinary thread at once.
//
// Only a driver that sleeps through part of every gap between its sends is
// made real-time (spins: about 65% busy at 2,000 req/s), well under the
// kernel's real-time throttle (95% of each second), so the rest of the
// process still runs between sends; a driver whose sends are closer stays
// an ordinary thread. Where the kernel refuses (no CAP_SYS_NICE), the
// driver runs as before and Result.Realtime says why.

// realtimePriority is the SCHED_FIFO priority of a polling driver: the
// lowest, above every ordinary thread, below the kernel's own real-time
// threads (migration, watchdogs).
const realtimePriority = 1

// RealtimeFIFO is Result.Realtime when every polling driver ran real-time.
const RealtimeFIFO = "SCHED_FIFO"

// realtimeLog gathers how a window's polling drivers were scheduled; its
// threads write to it as they enter the window.
type realtimeLog struct {
	mu      sync.Mutex
	fifo    int
	refused error
}

// enter makes the calling (locked) thread SCHED_FIFO for the window when w
// polls before its sends, and returns what puts its scheduling back.
func (l *realtimeLog) enter(w workload) (leave func()) {
	if p, ok := w.(interface{ spins() bool }); !ok || !p.spins() {
		return func() {}
	}
	prev, err := unix.SchedGetAttr(0, 0)
	if err == nil {
		err = unix.SchedSetAttr(0, &unix.SchedAttr{Size: unix.SizeofSchedAttr, Policy: unix.SCHED_FIFO, Priority: realtimePriority}, 0)
	}
	l.note(err)
	if err != nil {
		return func() {}
	}
	return func() { _ = unix.SchedSetAttr(0, prev, 0) }
}

func (l *realtimeLog) note(err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if err != nil {
		l.refused = firstErr(l.refused, fmt.Errorf("sched_setattr: %w", err))
		return
	}
	l.fifo++
}

// String is Result.Realtime: "" when no driver polled, "SCHED_FIFO" when
// every one that did ran real-time, else why one could not.
func (l *realtimeLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.refused != nil {
		return "ordinary scheduling (" + l.refused.Error() + ")"
	}
	if l.fifo > 0 {
		return RealtimeFIFO
	}
	return ""
}
