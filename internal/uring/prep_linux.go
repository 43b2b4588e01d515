package uring

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// The preparations below fill an SQE from GetSQE (already zeroed). Memory
// they pass by address must stay reachable, and unchanged for a send, until
// the operation's final CQE.

// rw fills the fields every preparation sets: the opcode, the fd, the
// buffer (address and length) and the user data.
func (s *SQE) rw(op uint8, fd int, p []byte, userData uint64) {
	s.Opcode = op
	s.Fd = int32(fd)
	s.Addr, s.Len = addrLen(p)
	s.UserData = userData
}

// PrepNop prepares IORING_OP_NOP, which completes with res 0.
func (s *SQE) PrepNop(userData uint64) { s.rw(IORING_OP_NOP, -1, nil, userData) }

// PrepAcceptMultishot prepares a multishot IORING_OP_ACCEPT on listener
// fd: one CQE per accepted connection (res is its fd, flags are accept4's,
// e.g. SOCK_CLOEXEC), each with IORING_CQE_F_MORE while it stays armed. The
// peer address is not asked for.
func (s *SQE) PrepAcceptMultishot(fd int, flags uint32, userData uint64) {
	s.rw(IORING_OP_ACCEPT, fd, nil, userData)
	s.Ioprio = IORING_ACCEPT_MULTISHOT
	s.OpFlags = flags
}

// PrepRecvMultishot prepares a multishot IORING_OP_RECV on fd that takes a
// buffer from group for each completion: res is the byte count (0 at EOF,
// which ends it), IORING_CQE_F_BUFFER names the buffer, IORING_CQE_F_MORE
// says it stays armed.
func (s *SQE) PrepRecvMultishot(fd int, group uint16, userData uint64) {
	s.PrepRecvSelect(fd, group, userData)
	s.Ioprio = IORING_RECV_MULTISHOT
}

// PrepRecvMultishotLimit is PrepRecvMultishot ending once its recvs have
// received limit bytes in all (sqe->optlen; RecvLimitSupported says if
// the kernel knows it): the CQE that reaches the limit has no
// IORING_CQE_F_MORE. Each recv fills up to a whole buffer, so the total
// may pass limit by less than one buffer. This is the kernel's way of
// bounding what a multishot recv delivers before its owner can react.
func (s *SQE) PrepRecvMultishotLimit(fd int, group uint16, limit uint32, userData uint64) {
	s.PrepRecvMultishot(fd, group, userData)
	s.SpliceFdIn = int32(limit)
}

// PrepRecvSelect prepares a single IORING_OP_RECV on fd into a buffer
// taken from group (one completion; res is the byte count, 0 at EOF).
func (s *SQE) PrepRecvSelect(fd int, group uint16, userData uint64) {
	s.rw(IORING_OP_RECV, fd, nil, userData)
	s.Flags = IOSQE_BUFFER_SELECT
	s.BufIndex = group
}

// PrepSend prepares IORING_OP_SEND of p on fd with send(2) flags
// (MSG_NOSIGNAL, ...); res is the byte count, possibly short.
func (s *SQE) PrepSend(fd int, p []byte, msgFlags uint32, userData uint64) {
	s.rw(IORING_OP_SEND, fd, p, userData)
	s.OpFlags = msgFlags
}

// PrepRead prepares IORING_OP_READ of up to len(p) bytes from fd.
func (s *SQE) PrepRead(fd int, p []byte, userData uint64) { s.rw(IORING_OP_READ, fd, p, userData) }

// PrepPollAdd prepares a oneshot IORING_OP_POLL_ADD of fd for events
// (POLLIN, ...); res is the events that became ready.
func (s *SQE) PrepPollAdd(fd int, events uint32, userData uint64) {
	s.rw(IORING_OP_POLL_ADD, fd, nil, userData)
	s.OpFlags = events
}

// PrepCancel prepares IORING_OP_ASYNC_CANCEL of the operation submitted
// with user data target (flags IORING_ASYNC_CANCEL_*). It completes with 0
// (cancelled: the target completes with -ECANCELED), -ENOENT (no such
// operation) or -EALREADY (running; it completes on its own).
func (s *SQE) PrepCancel(target uint64, flags uint32, userData uint64) {
	s.rw(IORING_OP_ASYNC_CANCEL, -1, nil, userData)
	s.Addr = target
	s.OpFlags = flags
}

func addrLen(p []byte) (uint64, uint32) {
	if len(p) == 0 {
		return 0, 0
	}
	return uint64(uintptr(unsafe.Pointer(&p[0]))), uint32(len(p))
}

// More reports IORING_CQE_F_MORE: the multishot operation stays armed and
// more CQEs follow. A CQE without it is the operation's last.
func (c CQE) More() bool { return c.Flags&IORING_CQE_F_MORE != 0 }

// BufferID returns the provided buffer the completion used, if any.
func (c CQE) BufferID() (bid uint16, ok bool) {
	return uint16(c.Flags >> IORING_CQE_BUFFER_SHIFT), c.Flags&IORING_CQE_F_BUFFER != 0
}

// Err is the completion's error (nil when Res >= 0), as a unix.Errno.
func (c CQE) Err() error {
	if c.Res >= 0 {
		return nil
	}
	return unix.Errno(-c.Res)
}
