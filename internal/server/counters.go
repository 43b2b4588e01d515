package server

// Counters are what a backend knows about its own work. They are cumulative
// since the server started; a measurement takes the difference of two
// snapshots. A backend that cannot see a figure leaves it zero and lists it in
// Unsupported (netpoll cannot see wakeups or interest changes, for example).
type Counters struct {
	// WaitCalls counts calls to the readiness wait: select(2), poll(2) or
	// epoll_wait(2) (EINTR retries included: each is a syscall).
	WaitCalls uint64 `json:"wait_calls"`
	// EventsReturned counts ready fds the waits reported.
	EventsReturned uint64 `json:"events_returned"`
	// FdsScanned counts fds the loop examined after waits: every watched fd
	// for select and poll, only the returned events for epoll.
	FdsScanned uint64 `json:"fds_scanned"`
	// InterestChanges counts registrations, modifications and removals of
	// interest; CtlSyscalls counts how many of them were syscalls
	// (epoll_ctl). select and poll change interest in user memory for free.
	InterestChanges uint64 `json:"interest_changes"`
	CtlSyscalls     uint64 `json:"ctl_syscalls"`
	// Reads and Writes count read(2)/write(2) calls, EAGAINs included.
	Reads       uint64 `json:"reads"`
	Writes      uint64 `json:"writes"`
	ReadEAGAIN  uint64 `json:"read_eagain"`
	WriteEAGAIN uint64 `json:"write_eagain"`
	// Accepts counts accepted connections (including refused ones);
	// AcceptCalls counts accept4(2) calls, the final EAGAIN included.
	Accepts     uint64 `json:"accepts"`
	AcceptCalls uint64 `json:"accept_calls"`
	Closes      uint64 `json:"closes"`
	BytesIn     uint64 `json:"bytes_in"`
	BytesOut    uint64 `json:"bytes_out"`
	// BackpressurePauses counts times a connection stopped being read because
	// its pending output passed Config.MaxPending.
	BackpressurePauses uint64 `json:"backpressure_pauses"`
	// Refused counts connections accepted and closed at once because the
	// backend cannot watch them (select: fd >= FD_SETSIZE; EMFILE recovery).
	Refused uint64 `json:"refused"`
	// Active is the number of open connections at the snapshot.
	Active uint64 `json:"active"`

	// The completion-based backend (io_uring) counts its work in its own
	// terms; the readiness backends leave these zero. It makes no readiness
	// wait, read(2), write(2) or accept4(2) call (those counters stay at a
	// measured zero): its syscall on the request path is io_uring_enter.
	// EnterCalls counts io_uring_enter(2) calls (EINTR retries included),
	// SQEsSubmitted the submission queue entries the kernel consumed and
	// CQEsReaped the completions the loop handled. Recvs and Sends count
	// recv and send completions (a multishot recv completes once per
	// buffer it fills; EOF and errors included); BuffersRecycled counts
	// provided receive buffers handed back to the kernel.
	EnterCalls      uint64 `json:"enter_calls"`
	SQEsSubmitted   uint64 `json:"sqes_submitted"`
	CQEsReaped      uint64 `json:"cqes_reaped"`
	Recvs           uint64 `json:"recvs"`
	Sends           uint64 `json:"sends"`
	BuffersRecycled uint64 `json:"buffers_recycled"`
	// RingFull counts times the submission queue had no free entry and the
	// loop submitted early to make room; CQOverflows counts loop turns on
	// which the kernel held completions the completion queue had no room
	// for (kept, delivered late); NoBuffers counts multishot receives
	// ended because every provided buffer was lent out (re-armed at once).
	RingFull    uint64 `json:"ring_full"`
	CQOverflows uint64 `json:"cq_overflows"`
	NoBuffers   uint64 `json:"no_buffers"`

	// Unsupported names the fields above this backend cannot observe.
	Unsupported []string `json:"unsupported,omitempty"`
}

// Syscalls is the number of syscalls the counters account for: waits, ctl
// syscalls, reads, writes, accept calls and io_uring_enter calls.
func (c Counters) Syscalls() uint64 {
	return c.WaitCalls + c.CtlSyscalls + c.Reads + c.Writes + c.AcceptCalls + c.EnterCalls
}

// Sub returns c - prev for every cumulative field; Active and Unsupported are
// taken from c.
func (c Counters) Sub(prev Counters) Counters {
	d := c
	d.WaitCalls -= prev.WaitCalls
	d.EventsReturned -= prev.EventsReturned
	d.FdsScanned -= prev.FdsScanned
	d.InterestChanges -= prev.InterestChanges
	d.CtlSyscalls -= prev.CtlSyscalls
	d.Reads -= prev.Reads
	d.Writes -= prev.Writes
	d.ReadEAGAIN -= prev.ReadEAGAIN
	d.WriteEAGAIN -= prev.WriteEAGAIN
	d.Accepts -= prev.Accepts
	d.AcceptCalls -= prev.AcceptCalls
	d.Closes -= prev.Closes
	d.BytesIn -= prev.BytesIn
	d.BytesOut -= prev.BytesOut
	d.BackpressurePauses -= prev.BackpressurePauses
	d.Refused -= prev.Refused
	d.EnterCalls -= prev.EnterCalls
	d.SQEsSubmitted -= prev.SQEsSubmitted
	d.CQEsReaped -= prev.CQEsReaped
	d.Recvs -= prev.Recvs
	d.Sends -= prev.Sends
	d.BuffersRecycled -= prev.BuffersRecycled
	d.RingFull -= prev.RingFull
	d.CQOverflows -= prev.CQOverflows
	d.NoBuffers -= prev.NoBuffers
	return d
}
