package iouring

import (
	"fmt"
	"time"

	"github.com/muxbench/muxbench/internal/server"
	"github.com/muxbench/muxbench/internal/uring"
)

// Options are the io_uring backend's own knobs, beside server.Config; the
// zero value means every default. Each maps to one command-line flag.
type Options struct {
	// Entries is the submission queue size, a power of two from 2 to
	// 32768 (0: DefaultEntries). The completion queue is CQFactor times
	// larger. A turn that prepares more SQEs than fit submits early
	// (counted as RingFull).
	Entries int
	// Buffers is the number of provided receive buffers, a power of two up
	// to 32768 (0: DefaultBuffers), shared by every connection. When all
	// are lent out a multishot recv ends (NoBuffers) and is re-armed.
	// A connection's recv ends after one buffer's worth of bytes (on
	// kernels before 6.17, after one completion) and is re-armed while
	// the connection reads, so what the kernel had received for a
	// connection when its recv was cancelled (paused output, a yielding
	// handler), held as input until the handler is called again, is less
	// than 2 x BufferSize, in every mode.
	Buffers int
	// BufferSize is the size of one provided buffer, the most one recv
	// completion carries (0: server.Config.ReadBuffer). The buffers are
	// mapped up front; RSS grows with the pages recvs actually touch.
	BufferSize int
	// SQPoll asks the kernel for a thread that polls the submission queue,
	// so that submitting costs no syscall. That thread spins on a CPU
	// core while the server is busy and for SQPollIdle after: on a 2-core
	// machine it takes the load generator's core. Off by default. It also
	// rules out IORING_SETUP_DEFER_TASKRUN, so the kernel posts
	// completions at any time rather than inside the loop's own enter
	// (each connection's recv still ends after one buffer's worth: see
	// Buffers).
	SQPoll bool

	// singleRecvs uses a single recv per arming even where the kernel
	// has the multishot limit: the older kernels' path, for tests.
	singleRecvs bool
}

// Defaults and fixed ratios.
const (
	DefaultEntries = 1024
	DefaultBuffers = 256
	CQFactor       = 4
	// SQPollIdle is how long the SQPOLL thread spins without work before
	// it sleeps (and the next submission must wake it).
	SQPollIdle = 50 * time.Millisecond

	maxEntries     = 1 << 15
	maxBufferBytes = 1 << 30 // Buffers x BufferSize
)

// withDefaults fills zero fields, BufferSize from cfg (already defaulted).
func (o Options) withDefaults(cfg server.Config) Options {
	if o.Entries == 0 {
		o.Entries = DefaultEntries
	}
	if o.Buffers == 0 {
		o.Buffers = DefaultBuffers
	}
	if o.BufferSize == 0 {
		o.BufferSize = cfg.ReadBuffer
	}
	return o
}

// Validate reports options that cannot work, in one line naming the value.
func (o Options) Validate() error {
	switch {
	case !powerOfTwo(o.Entries, 2, maxEntries):
		return fmt.Errorf("io_uring: ring entries %d: want a power of two from 2 to %d", o.Entries, maxEntries)
	case !powerOfTwo(o.Buffers, 1, uring.MaxBufRingEntries):
		return fmt.Errorf("io_uring: buffer count %d: want a power of two from 1 to %d", o.Buffers, uring.MaxBufRingEntries)
	case o.BufferSize < 1 || o.BufferSize > maxBufferBytes/o.Buffers:
		return fmt.Errorf("io_uring: buffer size %d: want 1 to %d bytes with %d buffers (%d MiB in all at most)",
			o.BufferSize, maxBufferBytes/o.Buffers, o.Buffers, maxBufferBytes>>20)
	}
	return nil
}

func powerOfTwo(n, lo, hi int) bool { return n >= lo && n <= hi && n&(n-1) == 0 }

// New starts listening and returns the io_uring backend with o.
func (o Options) New(cfg server.Config) (server.Server, error) {
	return newServer(cfg, o)
}

// New starts listening and returns the io_uring backend with default
// Options.
func New(cfg server.Config) (server.Server, error) {
	return newServer(cfg, Options{})
}
