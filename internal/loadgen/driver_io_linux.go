//go:build linux

package loadgen

import "golang.org/x/sys/unix"

// A driver's reply path: reading, verifying and recording replies, expiring
// requests past the timeout, and replacing a connection that failed.

// readable reads c until it is drained (or, after a hang-up, until EOF or
// the socket error), verifying every byte.
func (d *driver) readable(c *activeConn, now int64, sending, hangup bool) {
	for {
		n, drained, err := readSome(c.fd, d.buf)
		if n > 0 && !d.consume(c, d.buf[:n], now, sending) {
			return
		}
		if err != nil {
			d.fail(c, classifyRead(err), now, sending)
			return
		}
		if n == 0 || (drained && !hangup) {
			return
		}
	}
}

// consume verifies b against c's outstanding requests and records each
// reply completed; on a faulty byte it fails c and returns false.
func (d *driver) consume(c *activeConn, b []byte, now int64, sending bool) bool {
	fd := c.fd
	for len(b) > 0 {
		if c.outstanding() == 0 {
			// Bytes nobody asked for.
			d.fail(c, faultMismatch, now, sending)
			return false
		}
		used, done, v := c.check.feed(b)
		b = b[used:]
		switch v {
		case byteMismatch:
			d.fail(c, faultMismatch, now, sending)
			return false
		case headerReorder:
			d.fail(c, faultReorder, now, sending)
			return false
		}
		if done {
			st := c.stamps[(c.check.expect-1)%c.pipeline]
			d.rec.observe(now, st.intended, st.sent)
			if d.mode == Closed && sending {
				d.send(c, now, now)
			}
			if c.fd != fd {
				return false // the send failed and replaced c: b is stale
			}
		}
	}
	return true
}

// expire fails every connection whose oldest request has waited longer
// than the timeout since it was sent.
func (d *driver) expire(now int64, sending bool) {
	for _, c := range d.conns {
		if c.fd < 0 || c.outstanding() == 0 {
			continue
		}
		if now-c.stamps[c.check.expect%c.pipeline].sent > d.timeout {
			d.fail(c, faultTimeout, now, sending)
		}
	}
}

// fail counts f (and a short reply when part of one had arrived before a
// timeout, a close or a read error: the reply was cut short), closes
// c and replaces it; its unanswered requests are lost. A replacement that
// cannot connect ends the driver's run (the server is gone).
func (d *driver) fail(c *activeConn, f fault, now int64, sending bool) {
	d.rec.errors.countFault(f, c.check.partial())
	unix.Close(c.fd)
	c.fd = -1
	fd, err := dial(c.t, timeDuration(d.timeout))
	if err != nil {
		d.rec.errors.Connect++
		d.fatal = err
		return
	}
	c.reset(fd)
	if err := d.w.add(fd, activeEvents, c.idx); err != nil {
		d.fatal = err
		return
	}
	if d.mode == Closed && sending {
		d.send(c, now, now)
	}
}
