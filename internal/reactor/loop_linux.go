package reactor

import (
	"runtime"
	"time"

	"github.com/muxbench/muxbench/internal/reactor/rawsys"
	"github.com/muxbench/muxbench/internal/server"
)

// eventsPerWait is the size of the loop's event buffer, reused by every wait.
const eventsPerWait = 1024

// loop is the event loop's state. Every field is owned by the loop goroutine
// while Serve runs; before and after, the Server's mutex orders access.
type loop struct {
	cfg    server.Config
	poller Poller
	et     bool // cached poller.EdgeTriggered()
	ctl    *control
	// waiters asked for counters during the current batch; they are
	// answered after it (answerWaiters).
	waiters []chan server.Counters

	events    []Event
	listeners []int
	wakeFd    int
	wakeBuf   [8]byte
	spareFd   int                        // held so EMFILE can be survived (see shed)
	accept4   func(lfd int) (int, error) // the accept4(2) call; tests inject failures
	// acceptDeferred: a shortage stopped accepting until retryAt
	// (timers_linux.go).
	acceptDeferred bool
	retryAt        time.Time

	conns     []*conn // by fd; nil when not a live connection
	active    int
	ready     []*conn // connections to serve again next turn (runReady)
	readyAlt  []*conn // the other half of ready's double buffer
	dying     []*conn // killed this batch; close(2) waits for the batch end
	lingering []*conn // closing lingering, in deadline order (close_linux.go)
	readBuf   []byte  // the one read buffer
	replyBuf  []byte  // scratch for replies written directly
	c         server.Counters
	loggedFd  bool // refused fd logged once
	loggedMax bool // EMFILE/ENFILE logged once
	loggedErr bool // other accept or poller trouble logged once
}

func newLoop(cfg server.Config, p Poller, ctl *control) *loop {
	return &loop{
		cfg:      cfg,
		poller:   p,
		et:       p.EdgeTriggered(),
		ctl:      ctl,
		events:   make([]Event, eventsPerWait),
		wakeFd:   -1,
		spareFd:  -1,
		accept4:  accept4,
		readBuf:  make([]byte, cfg.ReadBuffer),
		replyBuf: make([]byte, 0, cfg.ReadBuffer),
	}
}

// serve runs the loop on this goroutine's OS thread until a stop is
// requested (errStop) or the poller fails, then closes every connection.
func (l *loop) serve() error {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	err := l.run()
	l.closeAll()
	return err
}

func (l *loop) run() error {
	for {
		n, err := l.wait()
		if err != nil {
			return err
		}
		ready := l.takeReady()
		stop := l.batch(l.events[:n])
		if stop == nil { // a stop does not wait for more work
			l.runReady(ready)
			l.runTimers()
		}
		l.closeDying()
		// Snapshots are answered only now, once the batch's dead
		// connections are really closed: a caller that sees Active
		// reach 0 then finds their fds gone from /proc too.
		l.answerWaiters()
		if stop != nil {
			return stop
		}
	}
}

// batch handles one wait's events. A connection killed by an earlier event
// of the batch is already out of the table, and its fd is still open (closed
// in closeDying), so no accept in this batch can reuse its number.
func (l *loop) batch(events []Event) error {
	var stop error
	for _, ev := range events {
		fd := int(ev.Fd)
		switch {
		case fd == l.wakeFd:
			if err := l.onWake(); err != nil {
				stop = err
			}
		case l.isListener(fd):
			if !l.acceptDeferred {
				l.acceptAll(fd)
			}
		default:
			l.serveEvent(fd, ev.Flags)
		}
	}
	return stop
}

// serveEvent handles each flag on its own: one event can carry input, room
// to write and a hang-up together.
func (l *loop) serveEvent(fd int, f Flags) {
	c := l.conn(fd)
	if c == nil {
		return
	}
	if c.lingering {
		l.lingerEvent(c, f)
		return
	}
	if f&(ReadHangup|Hangup) != 0 {
		c.peerShut = true
	}
	if f&(Readable|ReadHangup|Hangup|Error) != 0 && c.wantsRead() {
		l.readConn(c)
	}
	if f&Writable != 0 && !c.dead {
		l.flush(c)
	}
	if f&(Error|Hangup) != 0 && !c.dead {
		l.kill(c)
	}
}

// lingerEvent drains a lingering connection; a socket error or a hang-up
// in both directions (the peer has read the reply and gone) ends it.
func (l *loop) lingerEvent(c *conn, f Flags) {
	if f&(Readable|ReadHangup) != 0 {
		l.drainLinger(c)
	}
	if f&(Error|Hangup) != 0 {
		l.kill(c)
	}
}

func (l *loop) conn(fd int) *conn {
	if fd < 0 || fd >= len(l.conns) {
		return nil
	}
	return l.conns[fd]
}

func (l *loop) isListener(fd int) bool {
	for _, lfd := range l.listeners {
		if lfd == fd {
			return true
		}
	}
	return false
}

// takeReady takes the ready list as it stood before this turn's events:
// what the turn adds to it waits for the next turn, after the next wait.
func (l *loop) takeReady() []*conn {
	list := l.ready
	l.ready = l.readyAlt[:0]
	return list
}

// runReady serves, after this turn's events, the connections a capped
// drain, a backpressure resume or a yielding handler left with input in an
// earlier turn: one read burst or one Handle call each per turn, so every
// other ready connection, and a stop, is served in between.
func (l *loop) runReady(list []*conn) {
	for i, c := range list {
		list[i] = nil
		c.onReady = false
		switch {
		case c.dead:
		case c.lingering:
			l.drainLinger(c)
		case c.more && !c.paused:
			l.resumeInput(c)
		case c.wantsRead():
			l.readConn(c)
		}
	}
	l.readyAlt = list[:0]
}

func (l *loop) enqueue(c *conn) {
	if !c.onReady {
		c.onReady = true
		l.ready = append(l.ready, c)
	}
}

// onWake drains the eventfd and answers whoever woke the loop.
func (l *loop) onWake() error {
	for {
		_, err := rawsys.Read(l.wakeFd, l.wakeBuf[:])
		if classify(err) != errRetry {
			break
		}
	}
	waiters, stop := l.ctl.take()
	l.waiters = append(l.waiters, waiters...)
	if stop {
		return errStop
	}
	return nil
}

// answerWaiters sends a counters snapshot to everyone who asked for one in
// this batch.
func (l *loop) answerWaiters() {
	if len(l.waiters) == 0 {
		return
	}
	snap := l.snapshot()
	for i, w := range l.waiters {
		w <- snap
		l.waiters[i] = nil
	}
	l.waiters = l.waiters[:0]
}

// snapshot merges the loop's and the poller's counters.
func (l *loop) snapshot() server.Counters {
	c := l.c
	ps := l.poller.Stats()
	c.WaitCalls = ps.WaitCalls
	c.EventsReturned = ps.EventsReturned
	c.FdsScanned = ps.FdsScanned
	c.InterestChanges = ps.InterestChanges
	c.CtlSyscalls = ps.CtlSyscalls
	c.Active = uint64(l.active)
	return c
}

func (l *loop) logOnce(done *bool, format string, args ...any) {
	if !*done {
		*done = true
		l.cfg.Logf(format, args...)
	}
}
