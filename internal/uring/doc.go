// Package uring is a small io_uring ring on golang.org/x/sys/unix: setup and
// teardown, the shared submission and completion queues, a provided-buffer
// ring, an opcode probe and the few SQE preparations the io_uring backend
// uses. Structures and constants carry the names of the kernel's uapi header
// (include/uapi/linux/io_uring.h): Params is struct io_uring_params, SQE is
// struct io_uring_sqe, IORING_OP_RECV is IORING_OP_RECV.
//
// A Ring belongs to one goroutine (the io_uring backend locks it to its OS
// thread, which IORING_SETUP_SINGLE_ISSUER requires); nothing here locks.
//
// # Memory ordering
//
// The rings are memory shared with the kernel, which reads and writes them
// concurrently with this package. Each index has one writer; the other side
// only reads it. The rules, in the kernel's own terms (acquire/release), and
// how this package meets them:
//
//   - SQ tail (we write, the kernel reads). An SQE and its sq array slot are
//     filled with plain stores, then the tail is published with a release
//     store, so the kernel's acquire load of the tail sees the whole SQE.
//   - SQ head (the kernel writes, we read). The head is read with an acquire
//     load before a slot is reused, so the kernel has finished reading every
//     SQE before it. Without SQPOLL the head only moves inside io_uring_enter;
//     with SQPOLL the kernel thread moves it at any time.
//   - CQ tail (the kernel writes, we read). It is read with an acquire load
//     before the CQEs below it, so their contents (and the data a recv put
//     into a provided buffer before posting its CQE) are visible.
//   - CQ head (we write, the kernel reads). A CQE is copied out before the
//     head passes it with a release store; only then may the kernel reuse the
//     slot.
//   - SQ flags (the kernel writes). IORING_SQ_NEED_WAKEUP (SQPOLL) must be
//     read after the tail store with a full barrier between them: the SQ
//     thread sets the flag and then re-reads the tail, and one of the two
//     sides must see the other's store. IORING_SQ_CQ_OVERFLOW and
//     IORING_SQ_TASKRUN are advisory.
//   - Provided-buffer ring tail (we write, the kernel reads). Buffer entries
//     are written with plain stores, then the tail is published with a
//     release store. The tail is a 16-bit field sharing bufs[0]'s last four
//     bytes; sync/atomic has no 16-bit store, so the tail is stored with a
//     32-bit store of bufs[0].bid (rewritten with the value this package last
//     wrote there, so the kernel never sees it change) and the tail.
//
// Go's sync/atomic loads and stores are sequentially consistent, which is
// stronger than every acquire and release above and gives the SQPOLL full
// barrier between a store and a later load. On amd64 a load is a plain MOV
// and a store an XCHG. Nothing else is ever accessed atomically.
//
// # Memory the kernel holds
//
// The kernel keeps addresses of user memory until an operation's final CQE:
// a send's buffer, a read's destination, the provided buffers. The rings,
// SQEs and provided buffers are mmap'd, outside the Go heap. Other buffers
// (a send's data, the eventfd word a read fills) may live in the Go heap,
// which does not move objects, but never on a goroutine stack (stacks move),
// and the caller keeps them reachable until the operation's final CQE.
// Closing a ring with operations in flight cancels them asynchronously, so
// memory they use may be reused only after every final CQE was reaped.
package uring
