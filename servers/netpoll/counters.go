package netpoll

import (
	"sync/atomic"

	"github.com/muxbench/muxbench/internal/server"
)

// unsupported names the counters the runtime poller hides from this package.
var unsupported = []string{
	"wait_calls", "events_returned", "fds_scanned",
	"interest_changes", "ctl_syscalls",
	"read_eagain", "write_eagain", "accept_calls",
	"backpressure_pauses",
}

// counters are updated by every connection goroutine; with GOMAXPROCS=1 the
// atomics are uncontended.
type counters struct {
	accepts  atomic.Uint64
	closes   atomic.Uint64
	reads    atomic.Uint64
	writes   atomic.Uint64
	bytesIn  atomic.Uint64
	bytesOut atomic.Uint64
}

func (c *counters) snapshot() server.Counters {
	// closes is read before accepts so Active never underflows.
	closes := c.closes.Load()
	accepts := c.accepts.Load()
	return server.Counters{
		Reads:       c.reads.Load(),
		Writes:      c.writes.Load(),
		Accepts:     accepts,
		Closes:      closes,
		BytesIn:     c.bytesIn.Load(),
		BytesOut:    c.bytesOut.Load(),
		Active:      accepts - closes,
		Unsupported: append([]string(nil), unsupported...),
	}
}
