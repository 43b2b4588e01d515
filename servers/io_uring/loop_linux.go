package iouring

import (
	"errors"
	"fmt"
	"runtime"

	"github.com/muxbench/muxbench/internal/server"
	"github.com/muxbench/muxbench/internal/uring"
	"golang.org/x/sys/unix"
)

// loop is the event loop's state. Every field is owned by the loop's
// goroutine while Serve runs; before and after, the Server's mutex orders
// access.
type loop struct {
	cfg  server.Config
	opts Options
	ring *uring.Ring
	bufs *uring.BufRing
	life *server.Lifecycle
	// recvLimit: the kernel ends a multishot recv at a byte limit
	// (armRecv); without it each recv is a single one.
	recvLimit bool

	listeners    []listener
	acceptPaused bool // out of fds: accepting resumes at the next close
	wakeFd       int
	wakeBuf      [8]byte // the eventfd read's destination (heap: the loop escapes)
	wakeArmed    bool
	spareFd      int // given up to refuse a connection when out of fds

	conns    []*conn   // by slot; nil when free
	free     []uint32  // free slots
	active   int       // connections whose fd is open
	ready    connQueue // input to serve on the next turn (runReady)
	flushes  connQueue // output to start sending before the next submit
	dying    []*conn   // ended; fd closed once no unsubmitted SQE names it
	inflight int       // SQEs whose final completion is not reaped yet
	pool     outPool
	asks     []chan server.Counters // answered at the end of the turn
	stopping bool
	failed   error // the ring failed mid-turn; the loop ends after it
	c        server.Counters
	logged   logged

	lingering []*conn // closing lingering, in deadline order (linger_linux.go)
}

type listener struct {
	fd      int
	armed   bool // its multishot accept is in flight
	polling bool // out of fds: a poll for a waiting connection is in flight instead
}

// logged remembers which rare diagnostics were given once.
type logged struct{ fds, accept, conn bool }

func newLoop(cfg server.Config, o Options) (*loop, error) {
	l := &loop{cfg: cfg, opts: o, wakeFd: -1, spareFd: -1}
	var err error
	if l.ring, err = openRing(o); err != nil {
		return nil, err
	}
	if l.bufs, err = registerBuffers(l.ring, o); err != nil {
		l.release()
		return nil, err
	}
	// Blocking: the ring's read must wait for a write, not fail with EAGAIN.
	if l.wakeFd, err = unix.Eventfd(0, unix.EFD_CLOEXEC); err != nil {
		l.release()
		return nil, sysErr("eventfd", err)
	}
	if l.recvLimit, err = uring.RecvLimitSupported(); err != nil {
		l.release()
		return nil, fmt.Errorf("io_uring: probing for the multishot recv limit: %w", err)
	}
	l.recvLimit = l.recvLimit && !o.singleRecvs
	l.spareFd = openSpare()
	return l, nil
}

// serve runs the loop on this goroutine's OS thread (the ring's only
// submitter) until a stop is requested (errStop) or the ring fails, then
// ends every connection and tears the ring down on the same thread.
func (l *loop) serve() error {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	err := l.start()
	if err == nil {
		err = l.run()
	}
	l.shutdown()
	if errors.Is(err, errStop) {
		return nil
	}
	return err
}

func (l *loop) start() error {
	if l.ring.Flags()&uring.IORING_SETUP_R_DISABLED != 0 {
		if err := l.ring.Enable(); err != nil {
			return err
		}
	}
	l.armWake()
	for i := range l.listeners {
		l.armAccept(i)
	}
	return l.failed
}

// run is the loop: one io_uring_enter per turn submits what the last turn
// prepared and waits for a completion unless work is already at hand; the
// turn then handles every completion, serves the connections the last turn
// left with input (unless a stop came), ends lingering closes whose time
// is up, and answers snapshot requests.
func (l *loop) run() error {
	for {
		l.startSends()
		l.bufs.Publish()
		if err := l.enter(); enterKind(err) == errFatal {
			return err
		}
		if err := l.runDeferred(); enterKind(err) == errFatal {
			return err
		}
		l.afterEnter()
		ready := l.ready.take()
		stop := l.reap()
		if !stop {
			l.runReady(ready)
			l.expireLingering()
		}
		l.answerAsks()
		if l.failed != nil {
			return l.failed
		}
		if stop {
			return errStop
		}
	}
}

// enter is the turn's io_uring_enter. It waits for one completion unless
// the ready list or the CQ ring already holds work, and no longer than
// the first lingering deadline.
func (l *loop) enter() error {
	var wait uint32 = 1
	if l.ready.len() > 0 || l.ring.CQReady() > 0 {
		wait = 0
	}
	if d, ok := l.lingerWait(); ok && wait > 0 {
		return l.ring.SubmitTimeout(wait, d)
	}
	return l.ring.Submit(wait)
}

// runDeferred enters again, without waiting, while the kernel flags
// deferred completion work left over (uring.Ring.TaskWorkPending) and the
// CQ ring is less than half full: since Linux 6.13 an enter runs at most
// 20 items of that work per pass (two passes when it submits), each a
// connection whose recv or send became ready. Left to later turns, the
// rest waits behind what arrives meanwhile: under a flood the backlog
// grows, and a quiet connection's request, queued behind it, waits turn
// after turn while the flooders' re-armed recvs, which complete at once
// when submitted, are served every turn. An enter that adds no completion
// ends it (the work found its socket not ready after all). In the steady
// state nothing is left over; when a request arrives just after an enter
// (the flag is also set for new work), this enter takes the place of the
// next turn's wait.
func (l *loop) runDeferred() error {
	for l.ring.TaskWorkPending() && l.ring.CQReady() < l.ring.CQEntries()/2 {
		before := l.ring.CQReady()
		if err := l.ring.Submit(0); err != nil {
			return err
		}
		if l.ring.CQReady() == before {
			return nil
		}
	}
	return nil
}

// afterEnter closes the fds no unsubmitted SQE names any more and notes a
// CQ overflow.
func (l *loop) afterEnter() {
	l.closeDying()
	if l.ring.Overflowing() {
		l.c.CQOverflows++
	}
}

// reap handles the completions at hand, at most one ring's worth per turn.
func (l *loop) reap() (stop bool) {
	for range l.ring.CQEntries() {
		cqe, ok := l.ring.NextCQE()
		if !ok {
			break
		}
		if l.complete(cqe) {
			stop = true
		}
	}
	return stop
}

// complete dispatches one completion. A CQE without IORING_CQE_F_MORE is
// its operation's last.
func (l *loop) complete(cqe uring.CQE) (stop bool) {
	if !cqe.More() {
		l.inflight--
	}
	kind, id := parseUserData(cqe.UserData)
	switch kind {
	case opWake:
		return l.onWake(cqe)
	case opAccept:
		l.onAccept(int(id), cqe)
	case opAcceptPoll:
		l.onAcceptPoll(int(id), cqe)
	case opRecv, opSend, opCancel:
		l.onConn(kind, id, cqe)
	}
	return false
}

func (l *loop) onConn(kind opKind, slot uint32, cqe uring.CQE) {
	c := l.conn(slot)
	if c == nil { // a bug: a slot is freed only with nothing in flight
		l.recycle(cqe)
		l.logOnce(&l.logged.conn, "io_uring: completion %#x for free slot %d", cqe.UserData, slot)
		return
	}
	switch kind {
	case opRecv:
		l.onRecv(c, cqe)
	case opSend:
		l.onSend(c, cqe)
	case opCancel:
		c.cancels--
	}
	l.settle(c)
}

func (l *loop) conn(slot uint32) *conn {
	if int(slot) >= len(l.conns) {
		return nil
	}
	return l.conns[slot]
}

// prep returns a zeroed SQE for one more operation in flight. A full
// submission queue is submitted early to make room (RingFull); nil means
// the ring failed, l.failed says why, and the loop ends after this turn.
func (l *loop) prep() *uring.SQE {
	sqe := l.ring.GetSQE()
	if sqe == nil {
		l.c.RingFull++
		if err := l.ring.Flush(); err != nil {
			l.fail(err)
			return nil
		}
		if sqe = l.ring.GetSQE(); sqe == nil {
			l.fail(errors.New("io_uring: submission queue still full after submitting it"))
			return nil
		}
	}
	l.inflight++
	return sqe
}

// prepFor is prep for an SQE naming c's fd: c's fd stays open until the
// kernel has consumed it.
func (l *loop) prepFor(c *conn) *uring.SQE {
	sqe := l.prep()
	if sqe != nil {
		c.sqSeq = l.ring.Handed()
	}
	return sqe
}

func (l *loop) fail(err error) {
	if l.failed == nil {
		l.failed = err
	}
}

func (l *loop) logOnce(done *bool, format string, args ...any) {
	if !*done {
		*done = true
		l.cfg.Logf(format, args...)
	}
}
