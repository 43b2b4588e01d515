package loadgen

import (
	"context"
	"time"

	"golang.org/x/sys/unix"
)

// connectWindow bounds the connects in flight while opening the fleet: more
// would overflow the server's accept queue, whose dropped SYNs cost a
// one-second retransmission each.
const connectWindow = 256

const idleEvents = unix.EPOLLIN | unix.EPOLLRDHUP

// FleetReport says how opening the idle fleet went.
type FleetReport struct {
	Requested     int           `json:"requested"`
	Established   int           `json:"established"`
	ConnectErrors uint64        `json:"connect_errors"`
	FirstError    string        `json:"first_error,omitempty"`
	Elapsed       time.Duration `json:"elapsed_ns"`
}

// fleet holds the idle connections as raw fds, all registered (level-
// triggered, for input) on one epoll instance that the liveness sweep and
// the idle pings wait on. fds[i] is -1 when connection i failed or was lost.
type fleet struct {
	fds    []int
	w      *waiter
	report FleetReport
}

// opener is the state of opening a fleet: started connects, those still in
// progress and when each began.
type opener struct {
	f        *fleet
	targets  []target
	rate     float64
	timeout  time.Duration
	started  int
	inFlight map[int32]time.Time
	begin    time.Time
}

// openFleet opens n idle connections over targets (round-robin), at most
// connectWindow at a time and at most rate per second when rate > 0. It
// fails with a *ConnectError when the very first connections fail (nothing
// listens there); later failures are counted in the report.
func openFleet(ctx context.Context, targets []target, n int, rate float64, timeout time.Duration) (*fleet, error) {
	w, err := newWaiter(connectWindow)
	if err != nil {
		return nil, err
	}
	f := &fleet{fds: make([]int, n), w: w, report: FleetReport{Requested: n}}
	o := &opener{f: f, targets: targets, rate: rate, timeout: timeout,
		inFlight: make(map[int32]time.Time, connectWindow), begin: time.Now()}
	for o.started < n || len(o.inFlight) > 0 {
		if err := o.step(ctx); err != nil {
			f.close()
			return nil, err
		}
	}
	f.report.Elapsed = time.Since(o.begin)
	return f, nil
}

// step starts the connects allowed now, then waits for completions.
func (o *opener) step(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	for o.started < len(o.f.fds) && len(o.inFlight) < connectWindow && o.allowed() {
		if err := o.start(o.started); err != nil {
			return err
		}
		o.started++
	}
	evs, err := o.f.w.wait(10 * time.Millisecond)
	if err != nil {
		return err
	}
	for _, ev := range evs {
		if _, pending := o.inFlight[ev.Fd]; pending {
			if err := o.complete(ev.Fd, connectResult(o.f.fds[ev.Fd])); err != nil {
				return err
			}
		}
	}
	return o.expire()
}

// allowed applies the connect rate.
func (o *opener) allowed() bool {
	return o.rate <= 0 || float64(o.started) < o.rate*time.Since(o.begin).Seconds()+1
}

func (o *opener) start(i int) error {
	t := &o.targets[i%len(o.targets)]
	fd, inProgress, err := openSocket(t)
	o.f.fds[i] = fd
	if err != nil {
		return o.fail(i, err)
	}
	if err := o.f.w.add(fd, unix.EPOLLOUT|idleEvents, int32(i)); err != nil {
		return err
	}
	if !inProgress {
		return o.complete(int32(i), nil)
	}
	o.inFlight[int32(i)] = time.Now()
	return nil
}

// complete ends connect i: established ones keep input interest only.
func (o *opener) complete(i int32, err error) error {
	delete(o.inFlight, i)
	if err != nil {
		return o.fail(int(i), err)
	}
	o.f.report.Established++
	return o.f.w.modify(o.f.fds[i], idleEvents, i)
}

// fail counts a failed connect; before any success it aborts the fleet.
func (o *opener) fail(i int, err error) error {
	if o.f.fds[i] >= 0 {
		unix.Close(o.f.fds[i])
		o.f.fds[i] = -1
	}
	cerr := &ConnectError{Addr: o.targets[i%len(o.targets)].addr, Err: err}
	if o.f.report.Established == 0 {
		return cerr
	}
	o.f.report.ConnectErrors++
	if o.f.report.FirstError == "" {
		o.f.report.FirstError = cerr.Error()
	}
	return nil
}

func (o *opener) expire() error {
	now := time.Now()
	for i, began := range o.inFlight {
		if now.Sub(began) > o.timeout {
			if err := o.complete(i, unix.ETIMEDOUT); err != nil {
				return err
			}
		}
	}
	return nil
}

// live counts the idle connections still held.
func (f *fleet) live() int {
	n := 0
	for _, fd := range f.fds {
		if fd >= 0 {
			n++
		}
	}
	return n
}

// drop closes idle connection i (lost or failed a check).
func (f *fleet) drop(i int) {
	if f.fds[i] >= 0 {
		unix.Close(f.fds[i])
		f.fds[i] = -1
	}
}

func (f *fleet) close() {
	for i := range f.fds {
		f.drop(i)
	}
	f.w.close()
}
