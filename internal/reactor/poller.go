package reactor

import "errors"

// The Poller contract.
//
// A Poller tells the loop which watched fds are ready. It is used by the loop
// goroutine only and needs no locking. Each implementation provides:
//
//	Add(fd, in)     start watching fd with interest in. A poller that cannot
//	                watch fd (select: fd >= FD_SETSIZE) returns an error
//	                wrapping ErrFdTooHigh and keeps no trace of fd.
//	Mod(fd, in)     change the interest of a watched fd. An edge-triggered
//	                poller registers read and write interest once in Add and
//	                treats Mod as a no-op: the loop never needs a syscall to
//	                change interest in that mode.
//	Del(fd)         stop watching fd. The loop calls it before close(2), so
//	                a poller never holds a closed (and possibly reused) fd.
//	Wait(ev, ms)    block up to ms milliseconds (-1: forever, 0: poll) and
//	                fill ev with up to len(ev) ready fds, returning how many.
//	                EINTR is retried inside Wait (each attempt is a wait
//	                call). The poller translates into ev from a buffer it
//	                keeps between waits: no allocation per wait. A
//	                level-triggered poller may leave ready fds out when ev is
//	                full; they are reported again by the next Wait, ahead of
//	                the ones this Wait reported, so no ready fd is starved.
//	WaitRaw(ev, ms) Wait as one wait syscall that never enters the Go
//	                scheduler (package rawsys): the thread keeps its P while
//	                it blocks, so sysmon neither retakes it nor wakes another
//	                thread for it. ms is 0..RawWaitMax, never -1 (the loop
//	                bounds it, see wait_linux.go). An interrupted wait
//	                (EINTR) is not retried: it returns no events and no
//	                error, as a timeout does, and is one wait call.
//	EdgeTriggered() whether readiness is reported once per transition (the
//	                loop must then drain reads and cannot rely on a level).
//	Stats()         the poller's own counters (waits, events, fds scanned,
//	                interest changes and how many of them were syscalls).
//	Close()         release the poller's own fd, if any.
//
// Every flag of an Event is independent: an fd can be readable, writable and
// hung up in the same event, and the loop handles each flag.
type Poller interface {
	Add(fd int, in Interest) error
	Mod(fd int, in Interest) error
	Del(fd int) error
	Wait(events []Event, timeoutMs int) (n int, err error)
	WaitRaw(events []Event, timeoutMs int) (n int, err error)
	EdgeTriggered() bool
	Stats() PollerStats
	Close() error
}

// Interest is what the loop wants to hear about an fd.
type Interest uint8

// Interest bits. The zero Interest watches only for errors and hang-ups.
const (
	InterestRead Interest = 1 << iota
	InterestWrite
)

// Flags is the readiness of one fd, as reported by Wait.
type Flags uint8

// Readiness bits; several may be set at once.
const (
	Readable   Flags = 1 << iota // data (or EOF) to read
	Writable                     // room in the send buffer
	Error                        // socket error pending (EPOLLERR, POLLERR, POLLNVAL)
	Hangup                       // both directions closed or reset (EPOLLHUP, POLLHUP)
	ReadHangup                   // peer shut down its write side (EPOLLRDHUP, POLLRDHUP)
)

// Event is one ready fd.
type Event struct {
	Fd    int32
	Flags Flags
}

// PollerStats are a poller's cumulative counters, owned by the loop goroutine.
type PollerStats struct {
	WaitCalls       uint64 // wait syscalls, EINTR retries included
	EventsReturned  uint64 // ready fds reported to the loop
	FdsScanned      uint64 // entries examined after waits (select/poll: O(watched fds))
	InterestChanges uint64 // Add, Mod and Del calls that changed something
	CtlSyscalls     uint64 // how many of those were syscalls (epoll_ctl)
}

// ErrFdTooHigh is returned (wrapped) by a poller that cannot watch an fd this
// large; the loop closes such a connection at once and counts it as refused.
var ErrFdTooHigh = errors.New("fd too large for this poller")
