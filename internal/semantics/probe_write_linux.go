package semantics

import (
	"errors"
	"os"
	"runtime"
	"time"

	"github.com/muxbench/muxbench/internal/poller/epoll"
	"golang.org/x/sys/unix"
)

// SpinWindow is the bounded window of probe 3, and spinCap bounds its loop
// in count as well as time.
const (
	SpinWindow = 100 * time.Millisecond
	spinCap    = 50_000_000
)

// SpinCounts is probe 3 for one mode: an idle, writable socket registered
// for EPOLLIN|EPOLLOUT and waited on for one window.
type SpinCounts struct {
	Mode   string        `json:"mode"`
	Window time.Duration `json:"window_ns"`
	// Elapsed is the wall time the loop really took: a thread descheduled
	// near the deadline overruns the window.
	Elapsed   time.Duration `json:"elapsed_ns"`
	Wakeups   int           `json:"writable_wakeups"`
	PerSecond float64       `json:"wakeups_per_second"`
	ThreadCPU time.Duration `json:"thread_cpu_ns"` // CPU the waiting thread burned
	CPUShare  float64       `json:"cpu_share"`     // ThreadCPU / Elapsed
}

// IdleWritable waits on an idle writable socket for window and counts the
// writable wakeups, as the text's loop that prints "EPOLLOUT triggered".
// The goroutine is locked to its thread so the thread's CPU clock is the
// loop's own.
func IdleWritable(mode epoll.Mode, window time.Duration) (sc SpinCounts, err error) {
	sc.Mode, sc.Window = mode.String(), window
	c, p, err := watched(unix.EPOLLIN | unix.EPOLLOUT | mode.Flag())
	if err != nil {
		return sc, err
	}
	defer func() { err = errors.Join(err, p.close(), c.close()) }()
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	cpu0, err := threadCPU()
	if err != nil {
		return sc, err
	}
	start := time.Now()
	deadline := start.Add(window)
	for i := 0; i < spinCap && time.Now().Before(deadline); i++ {
		ev, ok, err := p.waitOne(time.Until(deadline))
		if err != nil {
			return sc, err
		}
		if ok && ev.Events&unix.EPOLLOUT != 0 {
			sc.Wakeups++
		}
	}
	sc.Elapsed = time.Since(start)
	cpu1, err := threadCPU()
	sc.ThreadCPU = cpu1 - cpu0
	sc.PerSecond = float64(sc.Wakeups) / sc.Elapsed.Seconds()
	sc.CPUShare = sc.ThreadCPU.Seconds() / sc.Elapsed.Seconds()
	return sc, err
}

func threadCPU() (time.Duration, error) {
	var ts unix.Timespec
	err := unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts)
	return time.Duration(ts.Nano()), os.NewSyscallError("clock_gettime", err)
}

// RearmCounts is probe 4: ET with EPOLLIN|EPOLLOUT, Messages sent by the
// client one after another, and (when re-arming) an EPOLL_CTL_MOD on every
// message received, as the text's server does.
type RearmCounts struct {
	Rearm    bool `json:"rearm_with_mod"`
	Messages int  `json:"messages"`
	Rearms   int  `json:"rearms"`
	// InitialOut counts writable wakeups before any message: the edge of
	// registering an already-writable socket.
	InitialOut int `json:"initial_out_wakeups"`
	// OutOnly counts wakeups after the first message whose only flag is
	// EPOLLOUT: what the text's if/else-if chain prints as "EPOLLOUT
	// triggered".
	OutOnly int `json:"out_only_wakeups"`
	// OutWithIn counts wakeups that carried EPOLLOUT beside EPOLLIN: the
	// data edge reports every ready condition in the interest set.
	OutWithIn int `json:"out_with_in_wakeups"`
}

// ETRearm runs probe 4, re-arming with MOD on each message or not (the
// control).
func ETRearm(messages int, rearm bool) (rc RearmCounts, err error) {
	rc.Rearm, rc.Messages = rearm, messages
	events := uint32(unix.EPOLLIN | unix.EPOLLOUT | unix.EPOLLET)
	c, p, err := watched(events)
	if err != nil {
		return rc, err
	}
	defer func() { err = errors.Join(err, p.close(), c.close()) }()
	if err = rc.collect(p, c.server, events, true); err != nil {
		return rc, err
	}
	for range messages {
		if err = c.send("msg\n"); err != nil {
			return rc, err
		}
		if err = rc.collect(p, c.server, events, false); err != nil {
			return rc, err
		}
	}
	return rc, nil
}

// collect takes wakeups until quietWindow passes without one, draining on
// EPOLLIN and re-arming after each drain when rc.Rearm is set.
func (rc *RearmCounts) collect(p *poller, fd int, events uint32, initial bool) error {
	timeout := expectWithin
	for range maxReads {
		ev, ok, err := p.waitOne(timeout)
		if err != nil || !ok {
			return err
		}
		timeout = quietWindow
		rc.count(ev.Events, initial)
		if ev.Events&unix.EPOLLIN == 0 {
			continue
		}
		if _, err := drain(fd); err != nil {
			return err
		}
		if rc.Rearm {
			if err := p.mod(fd, events); err != nil {
				return err
			}
			rc.Rearms++
		}
	}
	return errors.New("re-arm probe: wakeups did not stop")
}

func (rc *RearmCounts) count(ev uint32, initial bool) {
	out, in := ev&unix.EPOLLOUT != 0, ev&unix.EPOLLIN != 0
	switch {
	case out && initial:
		rc.InitialOut++
	case out && in:
		rc.OutWithIn++
	case out:
		rc.OutOnly++
	}
}
