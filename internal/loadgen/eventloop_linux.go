package loadgen

import (
	"context"
	"fmt"
	"net/netip"
	"time"

	"golang.org/x/sys/unix"
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

// enter starts window wn: the counts restart, an earlier failure is
// forgotten, and the waits are raw if the window's are.
func (l *eventLoop) enter(wn window) {
	l.wn, l.fatal = wn, nil
	l.w.raw = wn.raw
	l.rec.reset(wn.start, wn.end)
}

func (l *eventLoop) now() int64 { return l.wn.now() }

func (l *eventLoop) prepare(d time.Duration) { l.rec.prepare(d) }

// err reports a failure that ends the run: the server is gone.
func (l *eventLoop) err() error {
	if l.fatal == nil {
		return nil
	}
	return fmt.Errorf("server lost: %w", l.fatal)
}

// report adds the window's counts to res, once the thread has ended; the
// waits are the scheduler's again for whatever the caller does next.
func (l *eventLoop) report(res *Result) {
	l.w.raw = false
	addRecorder(res, l.rec)
}

// startConnect opens a non-blocking connection to t and registers it with
// data idx, edge-triggered for input and output at once, so the output edge
// (or an error) tells when the connect has ended: a connect that waits for
// a SYN retransmit stalls nothing else on this thread. inProgress says it
// has not ended yet. When no socket can be opened or watched it returns
// ok = false, with the failure counted and l.fatal set (the server is gone).
func (l *eventLoop) startConnect(t *target, idx int32) (fd int, inProgress, ok bool) {
	fd, inProgress, err := openSocket(t)
	if err != nil {
		l.connectFailed(t, err)
		return -1, false, false
	}
	if err := l.w.add(fd, activeEvents, idx); err != nil {
		unix.Close(fd)
		l.fatal = err
		return -1, false, false
	}
	return fd, inProgress, true
}

// connectFailed counts a replacement that could not connect to t; the
// server is gone and the thread's run ends.
func (l *eventLoop) connectFailed(t *target, err error) {
	l.rec.errors.Connect++
	l.fatal = &ConnectError{Addr: t.addr, Err: err}
}

// connectEnded reports whether events end a connect in progress.
func connectEnded(events uint32) bool {
	return events&(unix.EPOLLOUT|unix.EPOLLERR|unix.EPOLLHUP) != 0
}

// established reports whether fd's connect has in fact completed: what a
// connect past its timeout is checked against before it is given up, in
// case its edge came while the thread was not running.
func established(fd int) bool {
	_, err := unix.Getpeername(fd)
	return err == nil
}

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
