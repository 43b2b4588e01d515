package uring

import "unsafe"

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
