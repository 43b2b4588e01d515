package server

import (
	"context"
	"sync"
)

// Lifecycle is what an event-loop backend's other goroutines share with its
// loop: where the server is in its life, a stop request, and snapshot
// requests, which the loop answers from its own thread so that its counters
// stay plain integers. It implements Serve, Close and Counters of the
// Server contract; the backend supplies three functions:
//
//	wake()     make the loop take its requests (an eventfd write). Called
//	           with the mutex held and only while the loop runs, so
//	           whatever it writes to is still open.
//	snapshot() the loop's counters. Called by the loop's goroutine, or
//	           when the loop is not running (before Serve, after it).
//	release()  close every fd and mapping the backend holds. Runs once:
//	           after the loop returned, or at Close before Serve.
//
// Everything is under one mutex, taken only on the wake path (Close,
// Counters, a cancelled context, the loop's Take): the hot path takes no
// lock.
type Lifecycle struct {
	wake     func()
	snapshot func() Counters
	release  func()

	mu    sync.Mutex
	phase phase
	stop  bool
	asks  []chan Counters // snapshot requests the loop has not taken
	final Counters        // the last snapshot, once done
	once  sync.Once
	done  chan struct{} // closed once release has run
}

type phase uint8

const (
	phaseNew     phase = iota // listening, Serve not called
	phaseServing              // the loop runs
	phaseDone                 // everything released
)

// NewLifecycle returns the lifecycle of a server that is listening and has
// not served yet.
func NewLifecycle(wake func(), snapshot func() Counters, release func()) *Lifecycle {
	return &Lifecycle{wake: wake, snapshot: snapshot, release: release, done: make(chan struct{})}
}

// Serve runs loop until it returns (nil after a requested stop), then
// records the final counters, answers late snapshot requests and releases
// everything. A cancelled ctx requests a stop. A stop requested before
// Serve makes it return nil at once; a second Serve returns ErrClosed.
func (l *Lifecycle) Serve(ctx context.Context, loop func() error) error {
	l.mu.Lock()
	if l.phase != phaseNew || l.stop {
		stopped := l.stop
		l.mu.Unlock()
		<-l.done
		if stopped {
			return nil
		}
		return ErrClosed
	}
	l.phase = phaseServing
	l.mu.Unlock()
	unwatch := context.AfterFunc(ctx, l.RequestStop)
	err := loop()
	unwatch()
	l.finish()
	return err
}

func (l *Lifecycle) finish() {
	l.mu.Lock()
	l.phase = phaseDone
	l.final = l.snapshot()
	l.asks = Answer(l.asks, l.final)
	l.mu.Unlock()
	l.releaseOnce()
}

func (l *Lifecycle) releaseOnce() {
	l.once.Do(func() {
		l.release()
		close(l.done)
	})
}

// RequestStop asks the loop to stop; harmless in any phase.
func (l *Lifecycle) RequestStop() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.stop = true
	if l.phase == phaseServing {
		l.wake()
	}
}

// Close stops Serve and waits until everything is released. It is
// idempotent and may be called before Serve.
func (l *Lifecycle) Close() error {
	l.mu.Lock()
	l.stop = true
	switch l.phase {
	case phaseNew:
		l.phase = phaseDone
		l.final = l.snapshot()
		l.mu.Unlock()
		l.releaseOnce()
	case phaseServing:
		l.wake()
		l.mu.Unlock()
	default:
		l.mu.Unlock()
	}
	<-l.done
	return nil
}

// Counters returns a snapshot: while serving, the loop's answer to a
// request it takes when woken.
func (l *Lifecycle) Counters() Counters {
	l.mu.Lock()
	switch l.phase {
	case phaseNew:
		defer l.mu.Unlock()
		return l.snapshot()
	case phaseDone:
		defer l.mu.Unlock()
		return l.final
	}
	reply := make(chan Counters, 1)
	l.asks = append(l.asks, reply)
	l.wake()
	l.mu.Unlock()
	return <-reply
}

// Take hands the loop the waiting snapshot requests (for Answer) and
// whether a stop was requested.
func (l *Lifecycle) Take() ([]chan Counters, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	asks := l.asks
	l.asks = nil
	return asks, l.stop
}

// Answer sends c to every request in asks (each has room for one answer)
// and returns asks emptied, for reuse.
func Answer(asks []chan Counters, c Counters) []chan Counters {
	for i, ask := range asks {
		ask <- c
		asks[i] = nil
	}
	return asks[:0]
}
