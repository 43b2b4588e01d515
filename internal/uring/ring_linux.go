package uring

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// Ring is one io_uring instance: its fd, the mapped SQ and CQ rings and the
// SQE array. It is used by one goroutine only.
type Ring struct {
	fd       int
	flags    uint32 // IORING_SETUP_* the ring was created with
	features uint32
	sq       subQueue
	cq       compQueue
	sqMap    []byte
	cqMap    []byte // nil with IORING_FEAT_SINGLE_MMAP: the CQ ring is in sqMap
	sqeMap   []byte
	stats    Stats
	waitTs   unix.Timespec // SubmitTimeout's timeout
	waitArg  GeteventsArg  // and its argument, pointing at waitTs
}

// Stats are a ring's cumulative counters.
type Stats struct {
	Enters    uint64 // io_uring_enter calls, EINTR retries included
	Submitted uint64 // SQEs the kernel consumed
	Reaped    uint64 // CQEs consumed
}

// Setup creates a ring with entries SQ entries (a power of two) as p asks
// (p.Flags, and p.CqEntries with IORING_SETUP_CQSIZE) and maps it. p is
// filled in with what the kernel granted.
func Setup(entries uint32, p *Params) (*Ring, error) {
	fd, err := setup(entries, p)
	if err != nil {
		return nil, err
	}
	r := &Ring{fd: fd, flags: p.Flags, features: p.Features}
	if err := r.mapRings(p); err != nil {
		r.Close()
		return nil, err
	}
	return r, nil
}

func setup(entries uint32, p *Params) (int, error) {
	for {
		fd, _, errno := unix.Syscall(unix.SYS_IO_URING_SETUP, uintptr(entries), uintptr(unsafe.Pointer(p)), 0)
		if errno == unix.EINTR {
			continue
		}
		if errno != 0 {
			return -1, sysErr("io_uring_setup", errno)
		}
		return int(fd), nil
	}
}

// mapRings maps the SQ ring, the CQ ring (the same mapping with
// IORING_FEAT_SINGLE_MMAP) and the SQE array, and points the queues into
// them.
func (r *Ring) mapRings(p *Params) error {
	sqLen := int(p.SqOff.Array) + int(p.SqEntries)*4
	cqLen := int(p.CqOff.Cqes) + int(p.CqEntries)*cqeSize
	single := p.Features&IORING_FEAT_SINGLE_MMAP != 0
	if single {
		sqLen = max(sqLen, cqLen)
	}
	var err error
	if r.sqMap, err = r.mmap(IORING_OFF_SQ_RING, sqLen); err != nil {
		return err
	}
	cqMem := r.sqMap
	if !single {
		if r.cqMap, err = r.mmap(IORING_OFF_CQ_RING, cqLen); err != nil {
			return err
		}
		cqMem = r.cqMap
	}
	if r.sqeMap, err = r.mmap(IORING_OFF_SQES, int(p.SqEntries)*sqeSize); err != nil {
		return err
	}
	r.sq.init(r.sqMap, r.sqeMap, &p.SqOff)
	r.cq.init(cqMem, &p.CqOff)
	return nil
}

func (r *Ring) mmap(off int64, n int) ([]byte, error) {
	b, err := unix.Mmap(r.fd, off, n, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED|unix.MAP_POPULATE)
	if err != nil {
		return nil, sysErr("mmap", err)
	}
	return b, nil
}

// Close unmaps the rings and closes the ring fd; the kernel cancels what is
// still in flight (see the package comment on memory the kernel holds). It
// is safe to call once.
func (r *Ring) Close() error {
	if r.sqMap != nil {
		r.sq.sync(&r.stats)
	}
	for _, m := range [][]byte{r.sqeMap, r.cqMap, r.sqMap} {
		if m != nil {
			unix.Munmap(m)
		}
	}
	r.sqeMap, r.cqMap, r.sqMap = nil, nil, nil
	if r.fd < 0 {
		return nil
	}
	err := unix.Close(r.fd)
	r.fd = -1
	return err
}

// Fd is the ring's file descriptor.
func (r *Ring) Fd() int { return r.fd }

// Flags are the IORING_SETUP_* flags the ring was created with.
func (r *Ring) Flags() uint32 { return r.flags }

// Features are the IORING_FEAT_* flags the kernel granted.
func (r *Ring) Features() uint32 { return r.features }

// SQEntries and CQEntries are the granted queue sizes.
func (r *Ring) SQEntries() uint32 { return r.sq.entries }
func (r *Ring) CQEntries() uint32 { return r.cq.entries }

// Stats returns the ring's counters; after Close, their final values.
func (r *Ring) Stats() Stats {
	if r.sqMap != nil {
		r.sq.sync(&r.stats)
	}
	return r.stats
}

// Enable starts a ring created with IORING_SETUP_R_DISABLED. With
// IORING_SETUP_SINGLE_ISSUER the calling thread becomes the only one that
// may submit.
func (r *Ring) Enable() error {
	return r.register(IORING_REGISTER_ENABLE_RINGS, nil, 0)
}

func (r *Ring) register(op uint32, arg unsafe.Pointer, n uint32) error {
	for {
		_, _, errno := unix.Syscall6(unix.SYS_IO_URING_REGISTER, uintptr(r.fd), uintptr(op), uintptr(arg), uintptr(n), 0, 0)
		if errno == unix.EINTR {
			continue
		}
		if errno != 0 {
			return sysErr("io_uring_register", errno)
		}
		return nil
	}
}

// at points into shared memory at byte offset off.
func at[T any](mem []byte, off uint32) *T {
	return (*T)(unsafe.Pointer(&mem[off]))
}
