package loadgen

import (
	"bytes"
	"errors"

	"golang.org/x/sys/unix"

	"github.com/muxbench/muxbench/internal/handler"
)

// bulkConn is one bulk connection: the requests it has sent and the reply
// being read. Requests carry consecutive ids, so a reply must carry the
// oldest id outstanding.
type bulkConn struct {
	idx    int32
	fd     int
	t      *target
	out    []byte // request bytes not yet written: out[head:]
	head   int
	nextID uint64 // id of the next request
	expect uint64 // id of the reply being read
	stamps []int64
	// The reply being read: its header so far, then the body bytes left.
	hdr      [handler.RPCHeaderSize]byte
	hdrPos   int
	bodyLeft int
	mayRead  bool    // an input edge came and no read has hit EAGAIN since
	tokens   float64 // bytes this connection may read now
	// connecting: a replacement's non-blocking connect is in progress,
	// started at connectStarted (driver clock).
	connecting     bool
	connectStarted int64
}

// usable reports whether c has a connected socket.
func (c *bulkConn) usable() bool { return c.fd >= 0 && !c.connecting }

func (c *bulkConn) reset(fd int) {
	c.fd, c.out, c.head = fd, c.out[:0], 0
	c.expect, c.hdrPos, c.bodyLeft, c.mayRead = c.nextID, 0, 0, false
}

func (c *bulkConn) outstanding() uint64 { return c.nextID - c.expect }

// partial reports whether part of a reply has arrived.
func (c *bulkConn) partial() bool { return c.hdrPos > 0 }

// fill enqueues requests up to the depth and writes them.
func (b *bulker) fill(c *bulkConn, now int64) {
	depth := uint64(len(c.stamps))
	queued := false
	for c.outstanding() < depth && (b.cfg.Limit == 0 || b.rec.sent < b.cfg.Limit) {
		c.out = handler.AppendRPCRequest(c.out, c.nextID, uint32(b.cfg.ReplySize), 0, nil)
		c.stamps[c.nextID%depth] = now
		c.nextID++
		b.rec.sent++
		queued = true
	}
	if queued {
		b.flush(c)
	}
}

// flush writes pending request bytes; a partial write keeps the rest for
// the next output edge.
func (b *bulker) flush(c *bulkConn) {
	n, err := writeSome(c.fd, c.out[c.head:])
	c.head += n
	switch {
	case err != nil:
		b.fail(c, classifyWrite(err))
	case c.head == len(c.out):
		c.out, c.head = c.out[:0], 0
	}
}

// read reads within c's allowance until the socket is drained or the
// allowance is spent, checking every byte.
func (b *bulker) read(c *bulkConn, now int64) {
	for c.fd >= 0 && c.mayRead {
		want := len(b.buf)
		if b.cfg.ReadRate > 0 {
			if want = min(want, int(c.tokens)); want < 1 {
				return
			}
		}
		n, drained, err := readSome(c.fd, b.buf[:want])
		if err != nil {
			b.fail(c, classifyRead(err))
			return
		}
		c.tokens -= float64(n)
		if f, bad := b.consume(c, b.buf[:n], now); bad {
			b.fail(c, f)
			return
		}
		if drained {
			c.mayRead = false // EAGAIN or a short read: the socket is empty
		}
	}
}

// consume checks p against the replies outstanding; it returns the fault
// and true at the first wrong byte.
func (b *bulker) consume(c *bulkConn, p []byte, now int64) (fault, bool) {
	for len(p) > 0 {
		if c.hdrPos < len(c.hdr) {
			k := copy(c.hdr[c.hdrPos:], p)
			c.hdrPos += k
			p = p[k:]
			if c.hdrPos < len(c.hdr) {
				break
			}
			if f, bad := b.header(c); bad {
				return f, true
			}
		} else {
			k := min(len(p), c.bodyLeft)
			if !bytes.Equal(p[:k], b.zeros[:k]) {
				return faultMismatch, true
			}
			c.bodyLeft -= k
			b.count(now, k)
			p = p[k:]
		}
		if c.hdrPos == len(c.hdr) && c.bodyLeft == 0 {
			st := c.stamps[c.expect%uint64(len(c.stamps))]
			b.rec.observe(now, st, st)
			c.expect++
			c.hdrPos = 0
		}
	}
	return 0, false
}

// header checks a whole reply header: a reply, to the oldest request
// outstanding, of the size asked for.
func (b *bulker) header(c *bulkConn) (fault, bool) {
	id, size, _, err := handler.ParseRPCReply(c.hdr[:])
	switch {
	case err != nil && !errors.Is(err, handler.ErrRPCPartial):
		return faultMismatch, true
	case c.outstanding() == 0:
		return faultMismatch, true // a reply nobody asked for
	case id != c.expect && id > c.expect && id < c.nextID:
		return faultReorder, true
	case id != c.expect || size != b.cfg.ReplySize:
		return faultMismatch, true
	}
	b.count(b.now(), len(c.hdr))
	c.bodyLeft = size
	return 0, false
}

// count adds n verified bytes read at now, inside the window only.
func (b *bulker) count(now int64, n int) {
	if b.rec.inWindow(now) {
		b.bytes += uint64(n)
	}
}

// fail counts f (and a reply cut short when part of one had come), closes
// c and starts its replacement (see startConnect); its outstanding
// requests are lost.
func (b *bulker) fail(c *bulkConn, f fault) {
	b.rec.errors.countFault(f, c.partial())
	unix.Close(c.fd)
	c.fd = -1
	fd, inProgress, ok := b.startConnect(c.t, c.idx)
	if !ok {
		return
	}
	c.reset(fd)
	c.connecting, c.connectStarted = inProgress, b.now()
}

// connected finishes c's connect (its output edge or error came) and
// reports whether c is usable now.
func (b *bulker) connected(c *bulkConn) bool {
	if err := connectResult(c.fd); err != nil {
		b.connectFailed(c, err)
		return false
	}
	c.connecting = false
	return true
}

// connectExpired ends a connect past the timeout: one that has in fact
// completed is finished, any other has failed.
func (b *bulker) connectExpired(c *bulkConn) {
	if established(c.fd) {
		b.connected(c)
		return
	}
	b.connectFailed(c, unix.ETIMEDOUT)
}

// connectFailed gives c up: its replacement could not connect.
func (b *bulker) connectFailed(c *bulkConn, err error) {
	b.eventLoop.connectFailed(c.t, err)
	unix.Close(c.fd)
	c.fd, c.connecting = -1, false
}
