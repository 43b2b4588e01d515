package servertest

import (
	"bytes"
	"slices"
	"sync/atomic"

	"github.com/muxbench/muxbench/internal/handler"
)

// probe wraps a handler and records, over every connection of a server,
// what the hostile-input cases bound: the Handle calls started and
// returned, the bytes consumed, and the most one call consumed and
// appended. If mark is set, markedAt is the bytes other calls had consumed
// when a call's input first started with mark (-1 before). It is safe for
// concurrent use, as a handler must be.
type probe struct {
	h        handler.Handler
	mark     []byte
	started  atomic.Int64
	calls    atomic.Int64
	consumed atomic.Int64
	maxIn    atomic.Int64
	maxOut   atomic.Int64
	markedAt atomic.Int64
}

func newProbe(h handler.Handler, mark []byte) *probe {
	p := &probe{h: h, mark: mark}
	p.markedAt.Store(-1)
	return p
}

func (p *probe) Handle(in, out []byte) (int, []byte, error) {
	p.started.Add(1)
	if len(p.mark) > 0 && bytes.HasPrefix(in, p.mark) {
		p.markedAt.CompareAndSwap(-1, p.consumed.Load())
	}
	before := len(out)
	n, out, err := p.h.Handle(in, out)
	p.calls.Add(1)
	p.consumed.Add(int64(n))
	raise(&p.maxIn, int64(n))
	raise(&p.maxOut, int64(len(out)-before))
	return n, out, err
}

// raise sets m to v if v is larger.
func raise(m *atomic.Int64, v int64) {
	for {
		old := m.Load()
		if v <= old || m.CompareAndSwap(old, v) {
			return
		}
	}
}

// observes reports whether the served backend counts the named counter (a
// json field name of server.Counters) rather than listing it Unsupported.
// The hostile-input cases ask it instead of the backend's description.
func (hs *harness) observes(counter string) bool {
	return !slices.Contains(hs.srv.Counters().Unsupported, counter)
}
