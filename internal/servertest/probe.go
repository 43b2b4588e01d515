package servertest

import (
	"sync/atomic"

	"github.com/muxbench/muxbench/internal/handler"
)

// probe wraps a handler and records, over every connection of a server,
// what the hostile-input cases bound: the Handle calls, the bytes consumed
// and the largest output of one call. It is safe for concurrent use, as a
// handler must be.
type probe struct {
	h        handler.Handler
	calls    atomic.Int64
	consumed atomic.Int64
	maxOut   atomic.Int64
}

func (p *probe) Handle(in, out []byte) (int, []byte, error) {
	before := len(out)
	n, out, err := p.h.Handle(in, out)
	p.calls.Add(1)
	p.consumed.Add(int64(n))
	grown := int64(len(out) - before)
	for {
		old := p.maxOut.Load()
		if grown <= old || p.maxOut.CompareAndSwap(old, grown) {
			return n, out, err
		}
	}
}
