package uring

import (
	"sync/atomic"
	"unsafe"
)

// subQueue is the submission side. tail counts SQEs handed out by GetSQE;
// the kernel sees them once the shared tail is published.
type subQueue struct {
	khead, ktail, kflags *uint32 // shared
	mask, entries        uint32
	sqes                 []SQE
	tail                 uint32 // next SQE to hand out
	seenHead             uint32 // kernel head at the last sync
	handed               uint64 // SQEs handed out since setup
}

func (q *subQueue) init(ring, sqes []byte, off *SQRingOffsets) {
	q.khead = at[uint32](ring, off.Head)
	q.ktail = at[uint32](ring, off.Tail)
	q.kflags = at[uint32](ring, off.Flags)
	q.mask = *at[uint32](ring, off.RingMask)
	q.entries = *at[uint32](ring, off.RingEntries)
	q.sqes = unsafe.Slice((*SQE)(unsafe.Pointer(&sqes[0])), q.entries)
	// SQE i always sits in array slot i, so submitting only moves the tail.
	array := unsafe.Slice(at[uint32](ring, off.Array), q.entries)
	for i := range array {
		array[i] = uint32(i)
	}
	q.tail = atomic.LoadUint32(q.ktail)
	q.seenHead = atomic.LoadUint32(q.khead)
}

// head is the kernel's SQ head (acquire): every SQE before it is consumed.
func (q *subQueue) head() uint32 { return atomic.LoadUint32(q.khead) }

// sync adds the SQEs the kernel consumed since the last sync to s.
func (q *subQueue) sync(s *Stats) {
	h := q.head()
	s.Submitted += uint64(h - q.seenHead)
	q.seenHead = h
}

// publish release-stores the tail and returns how many SQEs the kernel has
// not consumed yet.
func (q *subQueue) publish() uint32 {
	atomic.StoreUint32(q.ktail, q.tail)
	return q.tail - q.head()
}

// GetSQE returns the next free SQE, zeroed, or nil when the submission
// queue is full (Flush makes room). The SQE belongs to the kernel from the
// next Submit or Flush on.
func (r *Ring) GetSQE() *SQE {
	q := &r.sq
	if q.tail-q.head() >= q.entries {
		return nil
	}
	sqe := &q.sqes[q.tail&q.mask]
	q.tail++
	q.handed++
	*sqe = SQE{}
	return sqe
}

// Handed counts the SQEs GetSQE has handed out since setup. The kernel has
// consumed the n-th once Submitted reaches n.
func (r *Ring) Handed() uint64 { return r.sq.handed }

// Submitted counts the SQEs the kernel has consumed since setup.
func (r *Ring) Submitted() uint64 { return r.Stats().Submitted }

// Overflowing reports whether the kernel holds completions the CQ ring had
// no room for (IORING_SQ_CQ_OVERFLOW); the next wait delivers them.
func (r *Ring) Overflowing() bool {
	return atomic.LoadUint32(r.sq.kflags)&IORING_SQ_CQ_OVERFLOW != 0
}

// needsWakeup reports whether the SQPOLL thread sleeps and must be woken
// (IORING_SQ_NEED_WAKEUP). Called after publish: the tail store and this
// load are both sequentially consistent, the full barrier the flag needs.
func (q *subQueue) needsWakeup() bool {
	return atomic.LoadUint32(q.kflags)&IORING_SQ_NEED_WAKEUP != 0
}

// TaskWorkPending reports IORING_SQ_TASKRUN on a ring set up with
// IORING_SETUP_TASKRUN_FLAG: completion work is waiting for the next enter.
// On an IORING_SETUP_DEFER_TASKRUN ring that is also what an enter left
// undone: since Linux 6.13 an enter runs at most max(20, wait) items of
// deferred work per pass (the kernel's IO_LOCAL_TW_DEFAULT_MAX; a second
// pass when it submits) and sets the flag again when more is queued.
func (r *Ring) TaskWorkPending() bool {
	return atomic.LoadUint32(r.sq.kflags)&IORING_SQ_TASKRUN != 0
}
