// Package iouring is the completion-based backend: one loop on an io_uring
// (internal/uring), locked to its OS thread, serving the same handler and
// server.Config as the readiness backends. Where they wait for readiness and
// then read, write and accept, it keeps operations armed in the kernel and
// handles their completions:
//
//   - one multishot accept per listener;
//   - one multishot recv per connection, drawing from a ring of provided
//     buffers, each lent back to the kernel as soon as its completion is
//     handled; it ends after one buffer's worth of bytes and is re-armed
//     while the connection reads, so no connection takes more than two
//     buffers per arming (a single recv where the kernel, before 6.17,
//     cannot limit a multishot one);
//   - at most one send in flight per connection; replies produced meanwhile
//     wait behind it, in order, and a short send is resubmitted for the
//     rest before anything newer;
//   - above Config.MaxPending bytes of unsent output the connection's recv
//     is cancelled (backpressure) and re-armed once the output drains to
//     half; what the kernel had received before the cancel took effect is
//     held as input, not handed to the handler, until then;
//   - a handler that yields (handler.ErrYield) is called again with the
//     rest on the next turn, or once its paused output drains, and its
//     recv stays cancelled until a call answers everything: one Handle
//     call per connection per turn, and no turn for a blocked one;
//   - a connection ends by cancelling what it has in flight; its fd is
//     closed once no unsubmitted SQE names it, and its memory is reused
//     once every operation's final completion is in;
//   - a connection the handler ends closes lingering (server.LingerTime):
//     once flushed, its write side is shut down and its recv discards
//     input until the peer's EOF, LingerBytes or the deadline, which
//     bounds that turn's enter.
//
// Its one syscall on the request path is io_uring_enter, once per loop
// turn: it submits the turn's SQEs, runs the completion work the kernel
// deferred to this thread (IORING_SETUP_DEFER_TASKRUN) and blocks for the
// next completion when nothing is left to do. Counters report that work in
// io_uring's terms (server.Counters.EnterCalls, SQEsSubmitted, CQEsReaped,
// BuffersRecycled, RingFull, ...); the readiness counters stay at a
// measured zero.
//
// Available says in one line why io_uring cannot serve on this machine
// (kernel.io_uring_disabled, ENOSYS, EPERM from seccomp, an old kernel);
// New refuses with the same line.
package iouring
