package uring

import (
	"sync/atomic"
	"unsafe"
)

// compQueue is the completion side. head counts CQEs consumed; tail caches
// the kernel's tail between acquire loads.
type compQueue struct {
	khead, ktail  *uint32 // shared
	mask, entries uint32
	cqes          []CQE
	head, tail    uint32
}

func (q *compQueue) init(ring []byte, off *CQRingOffsets) {
	q.khead = at[uint32](ring, off.Head)
	q.ktail = at[uint32](ring, off.Tail)
	q.mask = *at[uint32](ring, off.RingMask)
	q.entries = *at[uint32](ring, off.RingEntries)
	q.cqes = unsafe.Slice(at[CQE](ring, off.Cqes), q.entries)
	q.head = atomic.LoadUint32(q.khead)
	q.tail = q.head
}

// NextCQE copies out the oldest completion and hands its slot back to the
// kernel (release store of the head); ok is false when none is ready.
func (r *Ring) NextCQE() (cqe CQE, ok bool) {
	q := &r.cq
	if q.head == q.tail {
		q.tail = atomic.LoadUint32(q.ktail) // acquire: the CQEs below it are written
		if q.head == q.tail {
			return CQE{}, false
		}
	}
	cqe = q.cqes[q.head&q.mask]
	q.head++
	atomic.StoreUint32(q.khead, q.head)
	r.stats.Reaped++
	return cqe, true
}

// CQReady is how many completions wait in the CQ ring.
func (r *Ring) CQReady() uint32 { return atomic.LoadUint32(r.cq.ktail) - r.cq.head }
