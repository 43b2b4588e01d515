package iouring

import (
	"sync"
	"time"

	"golang.org/x/sys/unix"
)

// Shutdown bounds: how long Serve waits for the kernel to return every
// operation, and how long each wait for one completion blocks.
const (
	drainTimeout = 5 * time.Second
	drainWait    = 100 * time.Millisecond
)

// cancelRecv asks the kernel to end c's multishot recv; it completes with
// ECANCELED (or on its own first).
func (l *loop) cancelRecv(c *conn) {
	if !c.recvArmed || c.recvCancel {
		return
	}
	c.recvCancel = true
	l.cancel(c, userData(opRecv, c.slot))
}

func (l *loop) cancel(c *conn, target uint64) {
	sqe := l.prep()
	if sqe == nil {
		return
	}
	sqe.PrepCancel(target, 0, userData(opCancel, c.slot))
	c.cancels++
}

// kill ends c: what it has in flight is cancelled and nothing new starts.
// Its fd is closed once the kernel has consumed every SQE naming it
// (closeDying): closed earlier, the number could go to another socket of
// the process before the kernel resolves it.
func (l *loop) kill(c *conn) {
	if c.dead {
		return
	}
	c.dead = true
	l.cancelRecv(c)
	if c.sending {
		l.cancel(c, userData(opSend, c.slot))
	}
	c.input = nil
	if l.ring.Submitted() >= c.sqSeq {
		l.closeFd(c)
		return
	}
	l.dying = append(l.dying, c)
}

// closeDying closes the fds of killed connections whose SQEs the kernel
// has consumed; called after every enter.
func (l *loop) closeDying() {
	if len(l.dying) == 0 {
		return
	}
	done := l.ring.Submitted()
	kept := l.dying[:0]
	for _, c := range l.dying {
		if done >= c.sqSeq {
			l.closeFd(c)
		} else {
			kept = append(kept, c)
		}
	}
	clear(l.dying[len(kept):])
	l.dying = kept
}

// closeFd closes c's fd; only now does c stop counting as active, so a
// snapshot showing Active drop finds the fd gone.
func (l *loop) closeFd(c *conn) {
	unix.Close(c.fd)
	c.closed = true
	l.active--
	l.c.Closes++
	l.resumeAccepts()
	l.settle(c)
}

// settle frees c's slot and buffers once it is closed and the kernel has
// returned every operation it had (their completions name the slot).
func (l *loop) settle(c *conn) {
	if !c.dead || !c.closed || !c.idle() || l.conn(c.slot) != c {
		return
	}
	l.conns[c.slot] = nil
	l.free = append(l.free, c.slot)
	l.pool.put(c.out)
	l.pool.put(c.pending)
	c.out, c.pending = nil, nil
}

// shutdown ends every connection and cancels the accepts and the wake
// read, then reaps until the kernel has returned every operation (bounded
// by drainTimeout), and tears the ring down. If some operation never came
// back, the receive buffers stay mapped: the kernel could still write
// there.
func (l *loop) shutdown() {
	l.stopping = true
	for i, ln := range l.listeners {
		if ln.armed {
			l.cancelOp(userData(opAccept, uint32(i)))
		}
		if ln.polling {
			l.cancelOp(userData(opAcceptPoll, uint32(i)))
		}
	}
	if l.wakeArmed {
		l.cancelOp(userData(opWake, 0))
	}
	for _, c := range l.conns {
		if c != nil {
			l.kill(c)
		}
	}
	deadline := time.Now().Add(drainTimeout)
	for l.kernelHeld() > 0 && time.Now().Before(deadline) {
		if err := l.ring.SubmitTimeout(1, drainWait); enterKind(err) == errFatal {
			l.fail(err)
			break
		}
		l.closeDying()
		l.reap()
	}
	l.closeRing()
	for _, c := range l.dying { // their SQEs can never run now
		l.closeFd(c)
	}
	l.dying = nil
	clear(l.lingering)
	l.lingering = nil
}

func (l *loop) cancelOp(target uint64) {
	if sqe := l.prep(); sqe != nil {
		sqe.PrepCancel(target, 0, userData(opShutdown, 0))
	}
}

// kernelHeld is how many operations the kernel has and has not completed:
// those in flight less those still unsubmitted.
func (l *loop) kernelHeld() int {
	return l.inflight - int(l.ring.Handed()-l.ring.Submitted())
}

func (l *loop) closeRing() {
	if held := l.kernelHeld(); held > 0 {
		l.cfg.Logf("io_uring: %d operations still in the kernel after %v; leaving their memory in place", held, drainTimeout)
		l.bufs.Abandon()
		abandon(l)
	}
	l.bufs.Close()
	l.ring.Close()
}

// abandoned keeps loops whose operations never came back reachable for
// good: the kernel may still write into their memory (the eventfd word)
// or read it (send buffers), which the GC must never hand out again.
var abandoned struct {
	sync.Mutex
	loops []*loop
}

func abandon(l *loop) {
	abandoned.Lock()
	defer abandoned.Unlock()
	abandoned.loops = append(abandoned.loops, l)
}

// release closes whatever is still open: everything when Serve never ran,
// the listeners, the eventfd and the spare fd after it did.
func (l *loop) release() {
	for _, ln := range l.listeners {
		unix.Close(ln.fd)
	}
	l.listeners = nil
	for _, fd := range []int{l.wakeFd, l.spareFd} {
		if fd >= 0 {
			unix.Close(fd)
		}
	}
	l.wakeFd, l.spareFd = -1, -1
	if l.bufs != nil {
		l.bufs.Close()
	}
	if l.ring != nil {
		l.ring.Close()
	}
}
