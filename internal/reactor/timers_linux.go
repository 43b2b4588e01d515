package reactor

import (
	"time"
)

// The loop's deadlines. In the steady state there are none: the loop waits
// without a timeout and never reads the clock. A deadline exists only while
// accepting is deferred after a shortage and while connections close
// lingering (close_linux.go).

// acceptRetryDelay is how long accepting pauses after a failure a retry at
// once would meet again (no fd and no spare, no kernel memory, a refusal by
// policy): long enough not to spin, short enough that a waiting client is
// served soon after the shortage ends.
const acceptRetryDelay = 10 * time.Millisecond

// deferAccept stops accepting until acceptRetryDelay has passed. The
// listeners' read interest goes off meanwhile, so a level-triggered poller
// does not report the waiting backlog at every wait.
func (l *loop) deferAccept() {
	if l.acceptDeferred {
		return
	}
	l.acceptDeferred = true
	l.retryAt = time.Now().Add(acceptRetryDelay)
	l.setListening(0)
}

// retryAccept turns the listeners back on and drains them: an
// edge-triggered listener may see no new edge for connections that waited.
func (l *loop) retryAccept() {
	l.acceptDeferred = false
	l.setListening(InterestRead)
	for _, lfd := range l.listeners {
		if l.acceptDeferred {
			return // the shortage is not over
		}
		l.acceptAll(lfd)
	}
}

func (l *loop) setListening(in Interest) {
	for _, lfd := range l.listeners {
		if err := l.poller.Mod(lfd, in); err != nil {
			l.logOnce(&l.loggedErr, "reactor: %v", err)
		}
	}
}

// waitTimeout is the next wait's timeout in ms: 0 while connections wait on
// the ready list, until the earliest deadline otherwise, -1 without one.
func (l *loop) waitTimeout() int {
	if len(l.ready) > 0 {
		return 0
	}
	next, ok := l.nextDeadline()
	if !ok {
		return -1
	}
	left := max(time.Until(next), 0)
	return int((left + time.Millisecond - 1) / time.Millisecond) // rounded up: never early
}

func (l *loop) nextDeadline() (time.Time, bool) {
	var next time.Time
	if len(l.lingering) > 0 {
		next = l.lingering[0].lingerUntil
	}
	if l.acceptDeferred && (next.IsZero() || l.retryAt.Before(next)) {
		next = l.retryAt
	}
	return next, !next.IsZero()
}

// runTimers acts on the deadlines that have passed.
func (l *loop) runTimers() {
	if len(l.lingering) == 0 && !l.acceptDeferred {
		return
	}
	now := time.Now()
	l.expireLingering(now)
	if l.acceptDeferred && !now.Before(l.retryAt) {
		l.retryAccept()
	}
}
