package loadgen

import "golang.org/x/sys/unix"

// activeEvents registers an active connection once, edge-triggered, for
// input and output together, as Go's runtime poller does: no epoll_ctl in
// steady state.
const activeEvents = unix.EPOLLIN | unix.EPOLLOUT | unix.EPOLLRDHUP | unix.EPOLLET

// outCap bounds one connection's unsent bytes (at least one message).
const outCap = 256 << 10

// stamp is when request seq was meant to go and when it went.
type stamp struct{ intended, sent int64 }

// activeConn is one active connection and its request stream. It is owned
// by one driver thread.
type activeConn struct {
	slot    uint32 // index among all active connections
	idx     int32  // index in its driver, the epoll data
	fd      int
	t       *target
	check   replyCheck
	sendSeq uint64 // next request to enqueue; check.expect is the next reply
	// out holds enqueued bytes not yet written: out[head:tail].
	out        []byte
	head, tail int
	// written counts bytes written since the connection opened, and
	// firstSeq is the request it opened with: together they say which
	// requests have started to leave (stamped up to stampSeq).
	written  uint64
	firstSeq uint64
	stampSeq uint64
	stamps   []stamp // ring indexed by seq % len
	pipeline uint64  // requests allowed in flight
	// Open mode: the schedule index of the next request and its time.
	schedIdx     uint64
	nextIntended int64
	// connecting: a replacement's non-blocking connect is in progress,
	// started at connectStarted (driver clock). gen counts the sockets c
	// has had, so code holding bytes of an old one can tell (a new socket
	// may well get the old fd's number).
	connecting     bool
	connectStarted int64
	gen            uint64
}

func newActiveConn(slot uint32, t *target, msgSize int, pipeline int) *activeConn {
	return &activeConn{
		slot: slot, fd: -1, t: t,
		check:    replyCheck{tmpl: newTemplate(slot, msgSize), size: msgSize},
		out:      make([]byte, max(outCap, msgSize)),
		stamps:   make([]stamp, pipeline),
		pipeline: uint64(pipeline),
	}
}

// usable reports whether c has a connected socket.
func (c *activeConn) usable() bool { return c.fd >= 0 && !c.connecting }

// outstanding is the number of requests enqueued and not yet answered.
func (c *activeConn) outstanding() uint64 { return c.sendSeq - c.check.expect }

// canEnqueue reports whether one more request fits in flight and in out.
func (c *activeConn) canEnqueue() bool {
	if c.outstanding() >= c.pipeline {
		return false
	}
	if len(c.out)-c.tail < c.check.size && c.head > 0 {
		c.tail = copy(c.out, c.out[c.head:c.tail])
		c.head = 0
	}
	return len(c.out)-c.tail >= c.check.size
}

// enqueue appends the next request, meant to go at intended.
func (c *activeConn) enqueue(intended, now int64) {
	seq := c.sendSeq
	fillRequest(c.out[c.tail:c.tail+c.check.size], seq, c.check.tmpl)
	c.tail += c.check.size
	c.stamps[seq%c.pipeline] = stamp{intended: intended, sent: now}
	c.sendSeq++
	c.check.highest = c.sendSeq
}

// flush writes what it can of out; partial writes keep the rest. It
// returns an error only for a broken connection.
func (c *activeConn) flush(now int64) error {
	n, err := writeSome(c.fd, c.out[c.head:c.tail])
	c.head += n
	c.written += uint64(n)
	c.stampSent(now)
	if c.head == c.tail {
		c.head, c.tail = 0, 0
	}
	return err // nil at EAGAIN: the EPOLLOUT edge resumes the write
}

// stampSent marks the requests whose first byte has just been written.
func (c *activeConn) stampSent(now int64) {
	size := uint64(c.check.size)
	for c.stampSeq < c.sendSeq && (c.stampSeq-c.firstSeq)*size < c.written {
		c.stamps[c.stampSeq%c.pipeline].sent = now
		c.stampSeq++
	}
}

// reset prepares c for a fresh socket fd: unsent and unanswered requests
// are abandoned and the stream restarts at the next sequence number.
func (c *activeConn) reset(fd int) {
	c.fd = fd
	c.gen++
	c.head, c.tail, c.written = 0, 0, 0
	c.check.expect = c.sendSeq
	c.check.restart(c.sendSeq)
	c.firstSeq, c.stampSeq = c.sendSeq, c.sendSeq
}
