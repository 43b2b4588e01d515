package uring

// The structures of include/uapi/linux/io_uring.h that this package uses,
// with the same layout (checked by TestLayout). A kernel union is one field
// named after its first member, with the others listed in its comment.

// Params is struct io_uring_params: what io_uring_setup(2) is asked for and
// what it answers (the granted sizes, features and ring offsets).
type Params struct {
	SqEntries    uint32
	CqEntries    uint32
	Flags        uint32 // IORING_SETUP_*
	SqThreadCPU  uint32
	SqThreadIdle uint32 // ms before the SQPOLL thread sleeps
	Features     uint32 // IORING_FEAT_*
	WqFd         uint32
	Resv         [3]uint32
	SqOff        SQRingOffsets
	CqOff        CQRingOffsets
}

// SQRingOffsets is struct io_sqring_offsets: byte offsets into the SQ ring
// mapping.
type SQRingOffsets struct {
	Head        uint32
	Tail        uint32
	RingMask    uint32
	RingEntries uint32
	Flags       uint32
	Dropped     uint32
	Array       uint32
	Resv1       uint32
	UserAddr    uint64
}

// CQRingOffsets is struct io_cqring_offsets: byte offsets into the CQ ring
// mapping.
type CQRingOffsets struct {
	Head        uint32
	Tail        uint32
	RingMask    uint32
	RingEntries uint32
	Overflow    uint32
	Cqes        uint32
	Flags       uint32
	Resv1       uint32
	UserAddr    uint64
}

// SQE is struct io_uring_sqe, one 64-byte submission queue entry.
type SQE struct {
	Opcode uint8  // IORING_OP_*
	Flags  uint8  // IOSQE_*
	Ioprio uint16 // also IORING_ACCEPT_MULTISHOT, IORING_RECV_MULTISHOT
	Fd     int32
	Off    uint64 // off, addr2
	Addr   uint64 // addr, splice_off_in
	Len    uint32
	// OpFlags is the per-opcode flags union: rw_flags, msg_flags,
	// accept_flags, cancel_flags, poll32_events, timeout_flags, ...
	OpFlags  uint32
	UserData uint64
	// BufIndex is buf_index, or buf_group with IOSQE_BUFFER_SELECT.
	BufIndex    uint16
	Personality uint16
	SpliceFdIn  int32 // splice_fd_in, file_index, addr_len, optlen
	Addr3       uint64
	Pad2        uint64
}

// CQE is struct io_uring_cqe, one 16-byte completion queue entry.
type CQE struct {
	UserData uint64
	Res      int32  // the operation's result; -errno on failure
	Flags    uint32 // IORING_CQE_F_*; the buffer id above IORING_CQE_BUFFER_SHIFT
}

// Buf is struct io_uring_buf, one entry of a provided-buffer ring. The
// ring's tail is the Resv field of entry 0 (struct io_uring_buf_ring).
type Buf struct {
	Addr uint64
	Len  uint32
	Bid  uint16
	Resv uint16
}

// BufReg is struct io_uring_buf_reg, the argument of
// IORING_REGISTER_PBUF_RING and IORING_UNREGISTER_PBUF_RING.
type BufReg struct {
	RingAddr    uint64
	RingEntries uint32
	Bgid        uint16
	Flags       uint16
	Resv        [3]uint64
}

// ProbeOp is struct io_uring_probe_op.
type ProbeOp struct {
	Op    uint8
	Resv  uint8
	Flags uint16 // IO_URING_OP_SUPPORTED
	Resv2 uint32
}

// probeOps is how many opcodes a probe asks about (the u8 opcode space).
const probeOps = 256

// Probe is struct io_uring_probe with room for every opcode.
type Probe struct {
	LastOp uint8
	OpsLen uint8
	Resv   uint16
	Resv2  [3]uint32
	Ops    [probeOps]ProbeOp
}

// GeteventsArg is struct io_uring_getevents_arg, passed with
// IORING_ENTER_EXT_ARG.
type GeteventsArg struct {
	Sigmask     uint64
	SigmaskSz   uint32
	MinWaitUsec uint32
	Ts          uint64 // address of a struct __kernel_timespec
}

// io_uring_setup(2) flags.
const (
	IORING_SETUP_IOPOLL        = 1 << 0
	IORING_SETUP_SQPOLL        = 1 << 1
	IORING_SETUP_SQ_AFF        = 1 << 2
	IORING_SETUP_CQSIZE        = 1 << 3
	IORING_SETUP_CLAMP         = 1 << 4
	IORING_SETUP_ATTACH_WQ     = 1 << 5
	IORING_SETUP_R_DISABLED    = 1 << 6
	IORING_SETUP_SUBMIT_ALL    = 1 << 7
	IORING_SETUP_COOP_TASKRUN  = 1 << 8
	IORING_SETUP_TASKRUN_FLAG  = 1 << 9
	IORING_SETUP_SQE128        = 1 << 10
	IORING_SETUP_CQE32         = 1 << 11
	IORING_SETUP_SINGLE_ISSUER = 1 << 12
	IORING_SETUP_DEFER_TASKRUN = 1 << 13
)

// Opcodes (enum io_uring_op), those this package names.
const (
	IORING_OP_NOP             = 0
	IORING_OP_POLL_ADD        = 6
	IORING_OP_TIMEOUT         = 11
	IORING_OP_ACCEPT          = 13
	IORING_OP_ASYNC_CANCEL    = 14
	IORING_OP_CLOSE           = 19
	IORING_OP_READ            = 22
	IORING_OP_WRITE           = 23
	IORING_OP_SEND            = 26
	IORING_OP_RECV            = 27
	IORING_OP_PROVIDE_BUFFERS = 31
	IORING_OP_SHUTDOWN        = 34
)

// SQE flags (sqe.flags).
const (
	IOSQE_FIXED_FILE       = 1 << 0
	IOSQE_IO_DRAIN         = 1 << 1
	IOSQE_IO_LINK          = 1 << 2
	IOSQE_IO_HARDLINK      = 1 << 3
	IOSQE_ASYNC            = 1 << 4
	IOSQE_BUFFER_SELECT    = 1 << 5
	IOSQE_CQE_SKIP_SUCCESS = 1 << 6
)

// Per-opcode flags.
const (
	IORING_ACCEPT_MULTISHOT = 1 << 0 // sqe.ioprio of IORING_OP_ACCEPT
	IORING_RECV_MULTISHOT   = 1 << 1 // sqe.ioprio of IORING_OP_RECV

	IORING_ASYNC_CANCEL_ALL = 1 << 0 // sqe.cancel_flags
	IORING_ASYNC_CANCEL_FD  = 1 << 1
	IORING_ASYNC_CANCEL_ANY = 1 << 2
)

// CQE flags.
const (
	IORING_CQE_F_BUFFER        = 1 << 0
	IORING_CQE_F_MORE          = 1 << 1
	IORING_CQE_F_SOCK_NONEMPTY = 1 << 2
	IORING_CQE_F_NOTIF         = 1 << 3
	IORING_CQE_BUFFER_SHIFT    = 16
)

// mmap offsets of the rings and the SQE array.
const (
	IORING_OFF_SQ_RING = 0
	IORING_OFF_CQ_RING = 0x8000000
	IORING_OFF_SQES    = 0x10000000
)

// SQ ring flags (kernel-written).
const (
	IORING_SQ_NEED_WAKEUP = 1 << 0
	IORING_SQ_CQ_OVERFLOW = 1 << 1
	IORING_SQ_TASKRUN     = 1 << 2
)

// io_uring_enter(2) flags.
const (
	IORING_ENTER_GETEVENTS = 1 << 0
	IORING_ENTER_SQ_WAKEUP = 1 << 1
	IORING_ENTER_SQ_WAIT   = 1 << 2
	IORING_ENTER_EXT_ARG   = 1 << 3
)

// Features granted by io_uring_setup(2) (params.features).
const (
	IORING_FEAT_SINGLE_MMAP = 1 << 0
	IORING_FEAT_NODROP      = 1 << 1
	IORING_FEAT_FAST_POLL   = 1 << 5
	IORING_FEAT_EXT_ARG     = 1 << 8
)

// io_uring_register(2) opcodes.
const (
	IORING_REGISTER_PROBE        = 8
	IORING_REGISTER_ENABLE_RINGS = 12
	IORING_REGISTER_PBUF_RING    = 22
	IORING_UNREGISTER_PBUF_RING  = 23
)

// IO_URING_OP_SUPPORTED marks a supported opcode in a probe.
const IO_URING_OP_SUPPORTED = 1 << 0

// Sizes the layouts must have.
const (
	sqeSize = 64
	cqeSize = 16
	bufSize = 16
)
