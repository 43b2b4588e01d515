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
	gen := c.gen
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
			if c.gen != gen {
				return false // the send failed and replaced c: b is stale
			}
		}
	}
	return true
}

// expire fails every connection whose oldest request has waited longer
// than the timeout since it was sent; a replacement still connecting after
// the timeout means the server is gone.
func (d *driver) expire(now int64, sending bool) {
	for _, c := range d.conns {
		switch {
		case c.fd < 0:
		case c.connecting:
			if now-c.connectStarted <= d.timeout {
				break
			}
			if established(c.fd) {
				d.connected(c, now, sending)
			} else {
				d.connectFailed(c, unix.ETIMEDOUT)
			}
		case c.outstanding() > 0 && now-c.stamps[c.check.expect%c.pipeline].sent > d.timeout:
			d.fail(c, faultTimeout, now, sending)
		}
	}
}

// fail counts f (and a short reply when part of one had arrived before a
// timeout, a close or a read error: the reply was cut short), closes
// c and starts its replacement; its unanswered requests are lost.
func (d *driver) fail(c *activeConn, f fault, now int64, sending bool) {
	d.rec.errors.countFault(f, c.check.partial())
	unix.Close(c.fd)
	c.fd = -1
	d.reconnect(c, now, sending)
}

// reconnect starts c's replacement (see startConnect); closed mode puts
// its first request in flight once it has connected.
func (d *driver) reconnect(c *activeConn, now int64, sending bool) {
	fd, inProgress, ok := d.startConnect(c.t, c.idx)
	if !ok {
		return
	}
	c.reset(fd)
	c.connecting, c.connectStarted = true, now
	if !inProgress {
		d.connected(c, now, sending)
	}
}

// connected finishes c's connect (its output edge or error came) and, in
// closed mode while sending, puts its first request in flight. It reports
// whether c is now usable.
func (d *driver) connected(c *activeConn, now int64, sending bool) bool {
	if err := connectResult(c.fd); err != nil {
		d.connectFailed(c, err)
		return false
	}
	c.connecting = false
	if d.mode == Closed && sending {
		d.send(c, now, now)
	}
	return c.fd >= 0
}

// connectFailed gives c up: its replacement could not connect.
func (d *driver) connectFailed(c *activeConn, err error) {
	d.eventLoop.connectFailed(c.t, err)
	unix.Close(c.fd)
	c.fd, c.connecting = -1, false
}
