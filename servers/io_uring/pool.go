package iouring

// Output buffers: a send's buffer belongs to the kernel until its
// completion, so replies cannot share one scratch buffer as in the reactor.
// A connection borrows a buffer while it has output and returns it when the
// output is sent; the pool keeps returned buffers for the next borrower, so
// steady-state replies allocate nothing and idle connections hold none.
const (
	outBufCap     = 4 << 10   // a new buffer's capacity; the handler grows it
	outPoolMaxCap = 256 << 10 // larger buffers (bulk replies) go to the GC
	outPoolBytes  = 4 << 20   // capacity the pool keeps in all
)

type outPool struct {
	bufs  [][]byte
	bytes int
}

func (p *outPool) get() []byte {
	n := len(p.bufs)
	if n == 0 {
		return make([]byte, 0, outBufCap)
	}
	b := p.bufs[n-1]
	p.bufs[n-1] = nil
	p.bufs = p.bufs[:n-1]
	p.bytes -= cap(b)
	return b
}

// put keeps b for reuse if it is worth keeping and the pool has room.
func (p *outPool) put(b []byte) {
	if b == nil || cap(b) > outPoolMaxCap || p.bytes+cap(b) > outPoolBytes {
		return
	}
	p.bytes += cap(b)
	p.bufs = append(p.bufs, b[:0])
}
