package loadgen

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/muxbench/muxbench/internal/procstat"
)

// The workload contract.
//
// A workload is the traffic one driver thread makes in one measurement
// window: the active connections of a Generator's driver, a churn or bulk
// run, a ping-pong, the idle pings. runWindow drives one or more workloads,
// each on its own locked OS thread (drive), and owns everything they share:
// the hooks, the window's edges, the generator's CPU, stopping (ctx, a
// workload that cannot go on) and the Result. A workload is touched only by
// its thread between begin and the end of drive, and only by runWindow's
// goroutine before and after. Each implementation provides:
//
//	prepare(d)    before the window opens (runWindow's goroutine): make
//	              what recording a window of d needs (its interval
//	              histograms), so that nothing is allocated inside it.
//	begin(wn)     the window opens: reset the counts (recorder.reset with
//	              wn's edges) and put the first requests in flight.
//	limited()     whether the workload's own request limit is reached (tests
//	              and benchmarks count requests, not time); false if none.
//	step(now, s)  one bounded turn of the loop at now (driver clock): send
//	              what is due when s (sending: now < wn.end and not
//	              limited), then wait for readiness, at most until the next
//	              deadline it keeps (timeouts; the window's end while
//	              sending), then read, verify, count and expire. Replies
//	              that complete at or after wn.end are late: the recorder
//	              keeps them out of the window's counts.
//	drained()     nothing is outstanding. Once it no longer sends and is
//	              drained, the workload's part of the run is over; every
//	              wait of the drain is bounded by the workload's timeout.
//	err()         non-nil when the workload cannot go on (the server is
//	              gone): the reason, as Result.Stopped shows it. The
//	              runner then stops every workload.
//	report(res)   after its thread has ended: add what it counted to res
//	              (addRecorder, and its own figures).
//
// Everything a window measures is decided in one place: the edges here, and
// what counts inside them in recorder.observe.
type workload interface {
	prepare(d time.Duration)
	begin(wn window)
	limited() bool
	step(now int64, sending bool)
	drained() bool
	err() error
	report(res *Result)
}

// Hooks are called at the exact edges of the measurement window, on the
// caller's goroutine: Start just before the first request of the window
// is scheduled, End as soon as the window closes (before the replies
// still in flight are drained). Either may be nil.
type Hooks struct {
	Start func()
	End   func()
}

func (h *Hooks) start() {
	if h != nil && h.Start != nil {
		h.Start()
	}
}

func (h *Hooks) end() {
	if h != nil && h.End != nil {
		h.End()
	}
}

// window is one measurement window: its edges on the driver clock
// (nanoseconds since base), the flag that ends it early, and whether its
// threads wait raw (rawWaits).
type window struct {
	base       time.Time
	start, end int64
	stop       *atomic.Bool
	raw        bool
	// rt is how its polling drivers were scheduled (realtime_linux.go).
	rt *realtimeLog
}

// windowThreads counts the workload threads of every window running in
// the process (a heartbeat cell runs two windows at once).
var windowThreads atomic.Int64

// rawWaits reports whether a window's threads may wait raw (see
// epoll.Instance.WaitPreciseRaw: the Go scheduler never looks at the wait, so
// its monitor thread stays off the generator's CPU, where it otherwise
// ran about once every four ping-pong round trips): only while the
// workload threads of all windows leave a P to spare for everything else
// (the runner, its timer, the collector), so that nothing waits for one.
func rawWaits(threads int64) bool { return int64(runtime.GOMAXPROCS(0)) > threads }

func (wn window) now() int64 { return int64(time.Since(wn.base)) }

// windowRun is what runWindow needs: the clock's zero, the window's length,
// the workloads and the Result to fill (its fixed fields and histograms
// set by newResult).
type windowRun struct {
	base  time.Time
	d     time.Duration
	parts []workload
	res   *Result
}

// runWindow measures one window of r.d over r.parts and returns the
// Result. The error says why the window ended early (ctx cancelled, a
// workload that cannot go on); Result.Stopped repeats it. The window ends
// after r.d, or sooner when every workload has finished (a limit) or one
// has failed; then the workloads drain (ctx still stops them).
func runWindow(ctx context.Context, r windowRun, hooks *Hooks) (*Result, error) {
	var stop atomic.Bool
	threads := windowThreads.Add(int64(len(r.parts)))
	defer windowThreads.Add(-int64(len(r.parts)))
	wn := window{base: r.base, stop: &stop, raw: rawWaits(threads), rt: &realtimeLog{}}
	for _, w := range r.parts {
		w.prepare(r.d)
	}
	gate := make(chan struct{})
	done := startThreads(r.parts, &wn, gate)
	// A collection now, with the heap as the window will find it: the
	// workloads allocate nothing inside the window, so the collector has
	// no reason to run there (a cycle's stop-the-world and mark work on the
	// generator's CPU is tail latency charged to the server).
	runtime.GC()
	hooks.start()
	user0, sys0, cpuErr := procstat.Self()
	started := time.Now()
	wn.start = int64(started.Sub(r.base))
	wn.end = wn.start + int64(r.d)
	close(gate)
	left, stopped := awaitWindow(ctx, r.d, done, len(r.parts))
	elapsed := time.Since(started)
	hooks.end()
	user1, sys1, cpuErr1 := procstat.Self()
	length := min(elapsed, r.d)
	if stopped != nil {
		stop.Store(true)
	}
	if err := awaitDrain(ctx, &stop, done, left); stopped == nil {
		stopped = err
	}
	res := r.res
	res.Started, res.Window, res.Elapsed = started, length, elapsed
	res.Realtime = wn.rt.String()
	for _, w := range r.parts {
		w.report(res)
	}
	finish(res, stopped)
	if cpuErr == nil && cpuErr1 == nil {
		res.CPU = cpuOver(user1-user0, sys1-sys0, res.Received)
	}
	return res, stopped
}

// awaitWindow waits for the window to pass, ctx to end, or the workloads
// to finish early (all of them, or one that failed). It returns how many
// are still running and why the window ended early (nil: it did not).
func awaitWindow(ctx context.Context, d time.Duration, done chan workload, running int) (int, error) {
	timer := time.NewTimer(d)
	defer timer.Stop()
	for {
		select {
		case <-timer.C:
			return running, nil
		case <-ctx.Done():
			return running, fmt.Errorf("stopped early: %w", context.Cause(ctx))
		case w := <-done:
			running--
			if err := w.err(); err != nil {
				return running, err
			}
			if running == 0 {
				return 0, nil
			}
		}
	}
}

// awaitDrain waits for the running workloads to finish their drain; ctx
// ending stops them. It returns the first reason a workload stopped early.
func awaitDrain(ctx context.Context, stop *atomic.Bool, done chan workload, running int) error {
	var first error
	cancelled := ctx.Done()
	for running > 0 {
		select {
		case <-cancelled:
			stop.Store(true)
			first = firstErr(first, fmt.Errorf("stopped early: %w", context.Cause(ctx)))
			cancelled = nil
		case w := <-done:
			running--
			first = firstErr(first, w.err())
		}
	}
	return first
}

// startThreads starts one locked OS thread per workload, its timed waits
// made to end on time, and returns once every thread is parked at gate, so
// that no thread start falls inside the window. Once gate is closed (*wn
// set before) each drives its workload; the channel returned gets each
// workload as it finishes.
func startThreads(parts []workload, wn *window, gate chan struct{}) chan workload {
	done := make(chan workload, len(parts))
	var ready sync.WaitGroup
	for _, w := range parts {
		ready.Add(1)
		go func() {
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			defer exactWakeups()()
			ready.Done()
			<-gate
			leave := wn.rt.enter(w)
			drive(w, *wn)
			leave() // an ordinary thread again before the caller goes on
			done <- w
		}()
	}
	ready.Wait()
	return done
}

// drive runs workload w through window wn, on the calling (locked) thread,
// until it has finished sending and drained, it cannot go on, or the
// window is stopped.
func drive(w workload, wn window) {
	w.begin(wn)
	for w.err() == nil && !wn.stop.Load() {
		now := wn.now()
		sending := now < wn.end && !w.limited()
		if !sending && w.drained() {
			return
		}
		w.step(now, sending)
	}
}

// cpuOver is the generator's CPU over the window, per request.
func cpuOver(user, sys time.Duration, reqs uint64) CPU {
	c := CPU{User: user, Sys: sys}
	if reqs > 0 {
		c.UsPerReq = float64(user+sys) / float64(time.Microsecond) / float64(reqs)
	}
	return c
}
