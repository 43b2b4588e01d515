package benchrun

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/muxbench/muxbench/internal/loadgen"
	"github.com/muxbench/muxbench/internal/procstat"
	"github.com/muxbench/muxbench/internal/results"
)

// fleetTimeout bounds one idle connect and the liveness sweep of the whole
// fleet after a window: a poll server at 20,000 fds or a GOMAXPROCS=1
// netpoll waking 20,000 goroutines needs more than loadgen's default on a
// busy machine, and a sweep cut short would flag the trial idle-short.
const fleetTimeout = 5 * time.Second

// measureCell runs one trial of one cell on the group's child and fleet:
// dial the active connections, warm up (discarded), measure the window with
// the server snapshotted exactly at its edges, sweep the idle fleet.
func (r *runner) measureCell(ctx context.Context, g *group, k results.CellKey) results.Trial {
	tr := results.Trial{Index: g.trial + 1, Started: time.Now(), Counted: g.counted}
	tr.Metrics.IdleRequested = k.Idle
	if g.setupErr != "" {
		return failed(tr, g.setupErr)
	}
	cfg := loadgen.Config{Addrs: g.child.addrs, Active: k.Active, MsgSize: k.MsgSize, Mode: loadgen.Mode(k.Mode), Rate: k.Rate}
	gen, err := loadgen.Dial(ctx, cfg)
	if err != nil {
		return failed(tr, "active connections: "+err.Error())
	}
	defer gen.Close()
	if r.opts.Warmup > 0 {
		if _, err := gen.Run(ctx, r.opts.Warmup, nil); err != nil {
			return failed(tr, "warm-up: "+err.Error())
		}
	}
	w := &windowEdges{child: g.child, key: k, onStart: r.opts.WindowStart, onEnd: r.opts.WindowEnd}
	window := r.opts.timedWindow(k)
	if g.counted && g.trial >= 0 {
		window = r.countedDuration()
	}
	trust := r.beginTrust()
	res, runErr := gen.Run(ctx, window, trust.hooks(w))
	sctx, cancel := context.WithTimeout(ctx, fleetTimeout)
	sweep := g.fleet.Sweep(sctx)
	cancel()
	tr.Metrics = r.metrics(k, res, w, g, sweep)
	tr.Flags = r.flags(k, tr.Metrics, res, w, g)
	tr.Metrics.FleetDialSec = g.dial.Seconds()
	tr.Error = joinErrors(runErr, w.err)
	if g.child.gone(w.err) {
		tr.Error = joinErrors(g.child.exitReason(), tr.Error)
	}
	r.judgeTrial(&tr, res, trust)
	if g.trial < 0 {
		return tr // the counting-overhead pair keeps no log
	}
	if path, err := writeHlog(r.opts.OutDir, k, g.trial, res); err == nil {
		tr.Hlog = path
	} else {
		tr.Error = joinErrors(fmt.Errorf("hlog: %w", err), tr.Error)
	}
	return tr
}

// windowEdges snapshots the server at the window's start and end; it runs
// on the generator's goroutine, inside loadgen.Run.
type windowEdges struct {
	child          *child
	key            results.CellKey
	onStart, onEnd func(pid int, k results.CellKey)
	from, to       serverSnap
	// self is the generator process's own sample at each edge, for its
	// run-queue wait (the cpu-contended gate); zero when /proc failed.
	selfFrom, selfTo procstat.Sample
	err              error
}

// readSelf samples the generator's own process (a test slows it down).
var readSelf = func() (procstat.Sample, error) { return procstat.Read(os.Getpid()) }

// The two edges mirror each other, so that the server's window is the
// generator's: the generator's own sample (a read of every thread of this
// process, about a millisecond) is taken outside the server's snapshots,
// first at the start and last at the end. Read between them, it put two
// such reads into every server window: 0.66% longer at the median than
// the counted one, which a tenth of the trials took past window-skew's 1%.
func (w *windowEdges) start() {
	w.selfFrom, _ = readSelf()
	var err error
	if w.from, err = w.child.snapshot(true); err != nil && w.err == nil {
		w.err = fmt.Errorf("window start: %w", err)
	}
	if w.onStart != nil {
		w.onStart(w.child.pid, w.key)
	}
}

func (w *windowEdges) end() {
	if w.onEnd != nil {
		w.onEnd(w.child.pid, w.key)
	}
	var err error
	if w.to, err = w.child.snapshot(false); err != nil && w.err == nil {
		w.err = fmt.Errorf("window end: %w", err)
	}
	w.selfTo, _ = readSelf()
}

// gone reports whether the child has exited; after a control error
// (windowErr) it allows the child's reaping a moment to be seen.
func (c *child) gone(windowErr error) bool {
	if windowErr == nil {
		return c.exitedWithin(0)
	}
	return c.exitedWithin(reapWait)
}

func failed(tr results.Trial, why string) results.Trial {
	tr.Error = why
	tr.Flags = append(tr.Flags, "error")
	return tr
}

// joinErrors renders errors (nil ones skipped, strings kept) as one line.
func joinErrors(errs ...any) string {
	s := ""
	for _, e := range errs {
		var msg string
		switch v := e.(type) {
		case error:
			if v != nil {
				msg = v.Error()
			}
		case string:
			msg = v
		}
		if msg == "" {
			continue
		}
		if s != "" {
			s += "; "
		}
		s += msg
	}
	return s
}
