package benchrun

import (
	"fmt"
	"time"

	"github.com/muxbench/muxbench/internal/procstat"
	"github.com/muxbench/muxbench/internal/server"
	"github.com/muxbench/muxbench/internal/syscount"
)

// serverSnap is everything read from the server child at one moment: at the
// start and at the end of a measurement window.
type serverSnap struct {
	proc     procstat.Sample
	syscalls syscount.Snapshot
	counted  bool
	backend  server.Counters
	// procAt is when proc was read, the middle of the read (one file per
	// thread: a hiccup of the machine inside it stretched a 300 ms server
	// window by 3 ms when stamped at its end): the server-side window runs
	// from one snapshot's procAt to the next's.
	procAt time.Time
}

// snapshot reads the child's costs. The backend's counters need a control
// round trip (a read and a write in the child, more for netpoll), so they are
// read first at a window's start and last at its end: that traffic then falls
// outside the syscall and CPU figures of the window on both sides, all but
// the child's blocking stdin read, whose entry (where it is counted) races
// with the snapshot: ±1 syscall per window.
func (c *child) snapshot(atStart bool) (serverSnap, error) {
	var s serverSnap
	var err error
	if atStart {
		if s.backend, err = c.counters(); err != nil {
			return s, err
		}
	}
	before := time.Now()
	if s.proc, err = procstat.Read(c.pid); err != nil {
		return s, fmt.Errorf("server /proc: %w", err)
	}
	s.procAt = before.Add(time.Since(before) / 2)
	if c.counter != nil {
		if s.syscalls, err = c.counter.Read(); err != nil {
			return s, fmt.Errorf("syscall counters: %w", err)
		}
		s.counted = true
	}
	if !atStart {
		if s.backend, err = c.counters(); err != nil {
			return s, err
		}
	}
	return s, nil
}

// windowDelta is the server's cost over one window.
type windowDelta struct {
	proc     procstat.Sample
	syscalls syscount.Snapshot
	counted  bool
	backend  server.Counters
}

func delta(end, start serverSnap) windowDelta {
	return windowDelta{
		proc:     end.proc.Sub(start.proc),
		syscalls: end.syscalls.Sub(start.syscalls),
		counted:  end.counted && start.counted,
		backend:  end.backend.Sub(start.backend),
	}
}
