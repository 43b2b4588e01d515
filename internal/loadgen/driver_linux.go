package loadgen

import (
	"time"

	"golang.org/x/sys/unix"
)

// readBufSize is one read(2); replies are verified straight from it.
const readBufSize = 64 << 10

// driver runs a share of the active connections on one locked OS thread:
// one epoll loop does write → epoll_wait → read for all of them, so a
// request costs about three syscalls and no goroutine switch. It is a
// workload (see the contract in window_linux.go).
type driver struct {
	eventLoop
	conns   []*activeConn
	timer   *wakeTimer
	mode    Mode
	timeout int64
	// Open mode: nanoseconds between two requests of the whole generator,
	// and how many connections share the schedule.
	nsPerReq float64
	active   uint64
	// origin is the driver-clock time the open-mode schedule counts from
	// (begin).
	origin int64
	// limit, when > 0, stops sending after that many requests in a window
	// (benchmarks count requests, not time).
	limit uint64
	// nextCheck is when the next timeout scan is due (driver clock).
	nextCheck int64
	// stall, when set (tests), runs before each open-mode schedule turn:
	// a generator made late on purpose.
	stall func()
}

// begin starts the window: closed mode puts one request in flight per
// connection; open mode lays out the schedule, connection i taking
// requests i, i+K, i+2K... of the total, from the moment this thread
// begins. The window opened earlier: closing its gate reaches a locked
// thread through the Go scheduler, 120-560 µs on this project's VMs, and
// a schedule laid out from the opening made that handoff the first send's
// lag in every window (one reply of a 600-reply trial, enough to move its
// p99 by a rank and flag it generator-late).
func (d *driver) begin(wn window) {
	d.enter(wn)
	d.nextCheck = wn.start + d.timeout/4
	now := d.now()
	d.origin = max(wn.start, now)
	for _, c := range d.conns {
		if d.mode == Closed {
			d.send(c, now, now)
			continue
		}
		c.schedIdx = 0
		c.nextIntended = d.origin + int64(float64(c.slot)*d.nsPerReq)
	}
}

// step sends what the open-mode schedule has made due, waits for
// readiness, and every quarter timeout scans for timeouts (after the wait,
// so what has arrived is read before anything is judged late).
func (d *driver) step(now int64, sending bool) {
	if sending && d.mode == Open {
		if d.stall != nil {
			d.stall()
			now = d.now()
		}
		d.schedule(now)
	}
	d.poll(d.waitFor(now, sending), sending)
	if now = d.now(); now >= d.nextCheck {
		d.expire(now, sending && d.rec.inWindow(now))
		d.nextCheck = now + d.timeout/4
	}
}

func (d *driver) limited() bool { return d.limit > 0 && d.rec.sent >= d.limit }

// schedule enqueues every request whose intended time has come, as far
// as the pipeline and the output buffer allow; the rest wait with their
// intended times unchanged, so their delay is measured.
func (d *driver) schedule(now int64) {
	for _, c := range d.conns {
		if !c.usable() {
			continue
		}
		queued := false
		for c.nextIntended <= now && c.canEnqueue() && !d.limited() {
			c.enqueue(c.nextIntended, now)
			d.rec.sent++
			c.schedIdx++
			c.nextIntended = d.origin + int64(float64(uint64(c.slot)+c.schedIdx*d.active)*d.nsPerReq)
			queued = true
		}
		if queued {
			d.flushOrFail(c, now)
		}
	}
}

// send enqueues one request on c and writes it (closed mode).
func (d *driver) send(c *activeConn, intended, now int64) {
	if !c.usable() || !c.canEnqueue() || d.limited() {
		return
	}
	c.enqueue(intended, now)
	d.rec.sent++
	d.flushOrFail(c, now)
}

func (d *driver) flushOrFail(c *activeConn, now int64) {
	if err := c.flush(now); err != nil {
		d.fail(c, classifyWrite(err), now, true)
	}
}

// waitFor arms the wake timer for the next deadline (window end, timeout
// scan) and says how long the next epoll wait may sleep: forever (-1)
// unless an open-mode send is due before that deadline. Only a connection
// that can take one more request is due: one whose pipeline or output
// buffer is full waits for a reply or its EPOLLOUT edge, and once the
// window or the limit has ended nothing is due. A due send is waited for
// punctually (sleepUntil).
func (d *driver) waitFor(now int64, sending bool) time.Duration {
	deadline := d.nextCheck
	if now < d.wn.end {
		deadline = min(deadline, d.wn.end)
	}
	if err := d.timer.arm(deadline, now); err != nil {
		d.fatal = err
		return 0
	}
	next := deadline
	if d.mode == Open && sending {
		for _, c := range d.conns {
			if c.usable() && c.canEnqueue() {
				next = min(next, c.nextIntended)
			}
		}
	}
	if next >= deadline {
		return -1
	}
	return d.sleepUntil(max(next-now, 0))
}

// drained reports whether every live connection has all its replies.
func (d *driver) drained() bool {
	for _, c := range d.conns {
		if c.fd >= 0 && c.outstanding() > 0 {
			return false
		}
	}
	return true
}

func (d *driver) poll(wait time.Duration, sending bool) {
	evs, err := d.w.wait(wait)
	if err != nil {
		d.fatal = err
		return
	}
	if len(evs) == 0 {
		return
	}
	now := d.now()
	// The wait may have outlasted the window: no closed-loop send after it.
	sending = sending && d.rec.inWindow(now)
	for _, ev := range evs {
		if ev.Fd == tickData {
			d.timer.fired()
			continue
		}
		if c := d.conns[ev.Fd]; c.fd >= 0 {
			d.handle(c, ev.Events, now, sending)
		}
	}
}

// handle acts on one connection's events. Every flag is handled: on a
// connection still connecting, output, error or hang-up end the connect;
// input, hang-up and error all go through read (which reports EOF or the
// socket error); output resumes a partial write.
func (d *driver) handle(c *activeConn, events uint32, now int64, sending bool) {
	if c.connecting {
		if !connectEnded(events) || !d.connected(c, now, sending) {
			return
		}
	}
	if events&(unix.EPOLLIN|unix.EPOLLRDHUP|unix.EPOLLHUP|unix.EPOLLERR) != 0 {
		hangup := events&(unix.EPOLLRDHUP|unix.EPOLLHUP|unix.EPOLLERR) != 0
		d.readable(c, now, sending, hangup)
	}
	if events&unix.EPOLLOUT != 0 && c.fd >= 0 && c.head < c.tail {
		d.flushOrFail(c, now)
	}
}
