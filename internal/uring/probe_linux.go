package uring

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// Probe asks the kernel which opcodes it supports (IORING_REGISTER_PROBE).
func (r *Ring) Probe() (*Probe, error) {
	p := new(Probe)
	if err := r.register(IORING_REGISTER_PROBE, unsafe.Pointer(p), probeOps); err != nil {
		return nil, err
	}
	return p, nil
}

// Supports reports whether the kernel supports opcode op.
func (p *Probe) Supports(op uint8) bool {
	return op <= p.LastOp && int(op) < int(p.OpsLen) && p.Ops[op].Flags&IO_URING_OP_SUPPORTED != 0
}

// RecvLimitSupported reports whether the kernel honours a multishot recv's
// length limit (PrepRecvMultishotLimit: Linux 6.17 and later). It submits
// one on fd -1 to a small ring of its own: a kernel that knows the limit
// prepares the SQE and fails it at issue with EBADF (no such fd), one that
// does not rejects the field while preparing it (EINVAL). Only EBADF
// counts as support.
func RecvLimitSupported() (bool, error) {
	r, err := Setup(2, &Params{})
	if err != nil {
		return false, err
	}
	defer r.Close()
	r.GetSQE().PrepRecvMultishotLimit(-1, 0, 1, 0)
	if err := r.Submit(1); err != nil {
		return false, err
	}
	cqe, ok := r.NextCQE()
	return ok && cqe.Res == -int32(unix.EBADF), nil
}
