package uring

import (
	"fmt"
	"sync/atomic"
	"unsafe"

	"golang.org/x/sys/unix"
)

// MaxBufRingEntries is the largest provided-buffer ring the kernel accepts.
const MaxBufRingEntries = 1 << 15

// BufRing is a provided-buffer ring (IORING_REGISTER_PBUF_RING): count
// buffers of size bytes in one mmap'd region, lent to the kernel as buffer
// group group. A recv with IOSQE_BUFFER_SELECT takes the next lent buffer
// for each completion; its CQE names it (IORING_CQE_F_BUFFER, CQE.BufferID),
// and Recycle lends it again. The kernel takes buffers from the head in the
// order they were lent.
type BufRing struct {
	r          *Ring
	ringMem    []byte // count io_uring_buf entries; the tail overlays entry 0
	bufMem     []byte // the buffers, bid i at i*size
	size       int
	group      uint16
	mask       uint16
	tail       uint16 // local tail; the kernel sees it after Publish
	bid0       uint16 // the bid last written into entry 0 (see Publish)
	registered bool
	recycled   uint64
}

// RegisterBufRing maps count buffers of size bytes (count a power of two up
// to MaxBufRingEntries), registers them as group and lends them all.
func (r *Ring) RegisterBufRing(group uint16, count, size int) (*BufRing, error) {
	if count < 1 || count > MaxBufRingEntries || count&(count-1) != 0 || size < 1 {
		return nil, fmt.Errorf("uring: buffer ring of %d x %d bytes: the count must be a power of two up to %d, the size positive", count, size, MaxBufRingEntries)
	}
	b := &BufRing{r: r, group: group, size: size, mask: uint16(count - 1)}
	var err error
	if b.ringMem, err = anonMap(count * bufSize); err == nil {
		b.bufMem, err = anonMap(count * size)
	}
	if err != nil {
		b.unmap()
		return nil, err
	}
	reg := BufReg{RingAddr: uint64(uintptr(unsafe.Pointer(&b.ringMem[0]))), RingEntries: uint32(count), Bgid: group}
	if err := r.register(IORING_REGISTER_PBUF_RING, unsafe.Pointer(&reg), 1); err != nil {
		b.unmap()
		return nil, err
	}
	b.registered = true
	for bid := range count {
		b.put(uint16(bid))
	}
	b.Publish()
	return b, nil
}

func anonMap(n int) ([]byte, error) {
	m, err := unix.Mmap(-1, 0, n, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_PRIVATE|unix.MAP_ANONYMOUS)
	if err != nil {
		return nil, sysErr("mmap", err)
	}
	return m, nil
}

// Group is the buffer group id a recv selects from.
func (b *BufRing) Group() uint16 { return b.group }

// Count is the number of buffers; Size the bytes of each.
func (b *BufRing) Count() int { return int(b.mask) + 1 }
func (b *BufRing) Size() int  { return b.size }

// Recycled counts the buffers lent again by Recycle.
func (b *BufRing) Recycled() uint64 { return b.recycled }

// Buf returns buffer bid, or nil if there is no such buffer.
func (b *BufRing) Buf(bid uint16) []byte {
	if bid > b.mask {
		return nil
	}
	off := int(bid) * b.size
	return b.bufMem[off : off+b.size : off+b.size]
}

// Recycle lends buffer bid to the kernel again, once the data a completion
// put there is no longer needed. The kernel sees it after Publish.
func (b *BufRing) Recycle(bid uint16) {
	b.put(bid)
	b.recycled++
}

// put writes buffer bid into the entry at the local tail (plain stores: the
// kernel reads no entry at or past the published tail).
func (b *BufRing) put(bid uint16) {
	slot := b.tail & b.mask
	e := at[Buf](b.ringMem, uint32(slot)*bufSize)
	e.Addr = uint64(uintptr(unsafe.Pointer(&b.bufMem[int(bid)*b.size])))
	e.Len = uint32(b.size)
	e.Bid = bid
	if slot == 0 {
		b.bid0 = bid
	}
	b.tail++
}

// Publish release-stores the tail, lending every buffer recycled so far.
// The 16-bit tail shares a 32-bit word with bufs[0].bid, rewritten with its
// current value (see the package comment).
func (b *BufRing) Publish() {
	word := [2]uint16{b.bid0, b.tail}
	atomic.StoreUint32(at[uint32](b.ringMem, 12), *(*uint32)(unsafe.Pointer(&word)))
}

// Close unregisters the group and unmaps its memory. Call it only once no
// operation that selects from the group is in flight.
func (b *BufRing) Close() error {
	var err error
	if b.registered {
		reg := BufReg{Bgid: b.group}
		err = b.r.register(IORING_UNREGISTER_PBUF_RING, unsafe.Pointer(&reg), 1)
		b.registered = false
	}
	b.unmap()
	return err
}

// Abandon forgets the group's memory without unmapping it, for when
// operations that may still write into the buffers could not be waited
// for: the kernel writing into memory mapped anew for something else would
// be worse than the leak. Close does nothing afterwards.
func (b *BufRing) Abandon() {
	b.registered = false
	b.bufMem, b.ringMem = nil, nil
}

func (b *BufRing) unmap() {
	for _, m := range [][]byte{b.bufMem, b.ringMem} {
		if m != nil {
			unix.Munmap(m)
		}
	}
	b.bufMem, b.ringMem = nil, nil
}
