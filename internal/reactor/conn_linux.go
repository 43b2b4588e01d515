package reactor

import (
	"time"

	"github.com/muxbench/muxbench/internal/handler"
	"github.com/muxbench/muxbench/internal/reactor/rawsys"
)

// readsPerWakeup caps an edge-triggered drain so one busy connection cannot
// starve the others; a capped connection goes on the ready list.
const readsPerWakeup = 16

// conn is one accepted connection. An idle connection holds no buffers:
// input and pending are allocated only while they hold bytes.
type conn struct {
	fd       int
	input    []byte // unconsumed input (a partial request)
	pending  []byte // output the socket did not take yet, from sent on
	sent     int
	interest Interest // what the poller was last told (level-triggered)
	paused   bool     // backpressure: pending output passed MaxPending
	readDone bool     // EOF or handler error: flush, then close
	peerShut bool     // the peer shut down its side: read until EOF
	onReady  bool     // on the ready list (enqueue)
	more     bool     // the handler yielded: input holds requests to serve before reading
	dead     bool     // killed; its fd closes at the end of the batch
	// linger: the handler ended c, so it closes lingering once flushed
	// (close_linux.go); lingering: it does, until lingerUntil or until
	// lingerLeft more bytes were discarded.
	linger      bool
	lingering   bool
	lingerLeft  int
	lingerUntil time.Time
}

func (c *conn) wantsRead() bool { return !c.readDone && !c.paused && !c.dead && !c.more }
func (c *conn) pendingLen() int { return len(c.pending) - c.sent }

// readConn reads and serves c. Level-triggered: one read, the level reports
// any rest. Edge-triggered: drain until EAGAIN or until a short read proves
// the socket empty (no extra EAGAIN read per request), capped per wakeup. A
// short read is no proof after the peer shut down (its EOF raised no new
// edge), so then the drain runs to EOF.
func (l *loop) readConn(c *conn) {
	for range readsPerWakeup {
		n, kind := l.readOnce(c.fd)
		switch kind {
		case errAgain:
			l.c.ReadEAGAIN++
			return
		case errFatal:
			l.kill(c)
			return
		}
		if n == 0 {
			// Closing first: a connection with nothing left to send
			// goes straight to Del, without a Mod turning reads off.
			c.readDone = true
			l.finishIfFlushed(c)
			l.setInterest(c)
			return
		}
		l.c.BytesIn += uint64(n)
		l.consume(c, l.readBuf[:n])
		if !c.wantsRead() || !l.et || (n < len(l.readBuf) && !c.peerShut) {
			return
		}
	}
	l.enqueue(c)
}

func (l *loop) readOnce(fd int) (int, errKind) {
	for {
		n, err := rawsys.Read(fd, l.readBuf)
		l.c.Reads++
		if kind := classify(err); kind != errRetry {
			return n, kind
		}
	}
}

// consume runs the handler on c's input and sends the replies. Replies go to
// the scratch buffer and straight to the socket; if c already has pending
// output they are appended behind it instead, to keep their order. A handler
// that yields is called again on a later turn (continueLater).
func (l *loop) consume(c *conn, data []byte) {
	in := data
	if len(c.input) > 0 {
		c.input = append(c.input, data...)
		in = c.input
	}
	direct := c.pendingLen() == 0
	out := c.pending
	if direct {
		out = l.replyBuf[:0]
	}
	used, out, herr := l.cfg.Handler.Handle(in, out)
	c.more = herr == handler.ErrYield
	if used < 0 || used > len(in) || (c.more && used == 0) {
		l.kill(c)
		return
	}
	if herr != nil && !c.more {
		c.readDone, c.linger = true, true
	}
	if !l.keepInput(c, in[used:]) {
		return
	}
	if direct {
		l.replyBuf = out[:0]
		l.send(c, out)
	} else {
		c.pending = out
		l.outputGrew(c)
	}
	if c.more && !c.dead {
		l.continueLater(c)
	}
}

// continueLater schedules the rest of a yielded input: the next turn, after
// the other ready connections and the next wait, or, if the output is
// paused, once flush resumes it, so a blocked connection costs no turn.
// Reading stops meanwhile (a level-triggered poller is told so).
func (l *loop) continueLater(c *conn) {
	l.setInterest(c)
	if !c.paused {
		l.enqueue(c)
	}
}

// resumeInput serves the rest of a yielded input without reading. Once the
// handler has answered it all, reading resumes at once: in edge-triggered
// mode the bytes that arrived meanwhile raised no edge the loop acted on.
func (l *loop) resumeInput(c *conn) {
	l.consume(c, nil)
	if c.wantsRead() {
		l.setInterest(c)
		l.enqueue(c)
	}
}

// keepInput saves an unconsumed partial request for the next read. Input the
// handler never consumes is bounded by MaxPending like output; the rest of a
// yielded input is bounded already, by the input it was part of.
func (l *loop) keepInput(c *conn, rest []byte) bool {
	switch {
	case len(rest) == 0:
		c.input = nil
	case len(rest) > l.cfg.MaxPending && !c.more:
		l.kill(c)
		return false
	case len(c.input) > 0:
		c.input = c.input[:copy(c.input, rest)]
	default:
		c.input = append([]byte(nil), rest...)
	}
	return true
}
