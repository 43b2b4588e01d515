package loadgen

import (
	"context"
	"fmt"
	"net/netip"
	"time"
)

// eventLoop is what every socket workload's thread keeps: its epoll
// waiter, the buffer replies are read into, its recorder, the window it is
// in and why it cannot go on. The workloads embed it.
type eventLoop struct {
	w     *waiter
	buf   []byte
	rec   *recorder
	wn    window
	fatal error
}

func newEventLoop(size int, open bool) (eventLoop, error) {
	w, err := newWaiter(size)
	if err != nil {
		return eventLoop{}, err
	}
	return eventLoop{w: w, buf: make([]byte, readBufSize), rec: newRecorder(open), wn: window{base: time.Now()}}, nil
}

// enter starts window wn: the counts restart and an earlier failure is
// forgotten.
func (l *eventLoop) enter(wn window) {
	l.wn, l.fatal = wn, nil
	l.rec.reset(wn.start, wn.end)
}

func (l *eventLoop) now() int64 { return l.wn.now() }

// err reports a failure that ends the run: the server is gone.
func (l *eventLoop) err() error {
	if l.fatal == nil {
		return nil
	}
	return fmt.Errorf("server lost: %w", l.fatal)
}

func (l *eventLoop) report(res *Result) { addRecorder(res, l.rec) }

// soloLoop is the start of a one-thread workload over conns connections
// (churn, bulk): the targets resolved and an event loop sized for them.
func soloLoop(addrs []string, srcs []netip.Addr, conns int) ([]target, eventLoop, error) {
	targets, err := buildTargets(addrs, srcs)
	if err != nil {
		return nil, eventLoop{}, err
	}
	l, err := newEventLoop(conns+1, false)
	return targets, l, err
}

// runSolo measures one window of d over the one-thread workload w of conns
// connections whose clock starts at base.
func runSolo(ctx context.Context, w workload, base time.Time, conns int, d time.Duration, hooks *Hooks) (*Result, error) {
	res := newResult(Closed, conns, 1, 0)
	return runWindow(ctx, windowRun{base: base, d: d, parts: []workload{w}, res: res}, hooks)
}
