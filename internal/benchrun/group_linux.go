package benchrun

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/muxbench/muxbench/internal/loadgen"
	"github.com/muxbench/muxbench/internal/registry"
	"github.com/muxbench/muxbench/internal/results"
)

// group is one server child and one idle fleet, shared by the sub-cells
// (active count × mode) of one backend at one idle count in one trial. The
// idle connections are held by their own generator; each sub-cell dials its
// active connections with a generator of its own, so the fleet (the costly
// part to open) is dialed once per child.
type group struct {
	trial int
	// counted says the child runs under perf syscall counting.
	counted bool
	backend string
	idle    int
	child   *child
	fleet   *loadgen.Generator
	// setupErr, when set, failed every sub-cell of the group.
	setupErr string
	dial     time.Duration
	// handler overrides the run's handler for this child (a scenario's
	// own, e.g. bulk's rpc); idlePing makes the fleet ping (heartbeat).
	handler  string
	idlePing time.Duration
}

// runGroup measures every runnable sub-cell of (backend, idle) for trial t.
// It returns an error only when the run must stop (ctx cancelled).
func (r *runner) runGroup(ctx context.Context, p pass, backend string, idle int) error {
	subs := r.subCells(backend, idle)
	if len(subs) == 0 {
		return nil
	}
	g := &group{trial: p.index, counted: p.counted, backend: backend, idle: idle}
	defer g.close()
	r.openGroup(ctx, g, listenersFor(idle, subs))
	for _, c := range subs {
		if err := ctx.Err(); err != nil {
			return context.Cause(ctx)
		}
		tr := r.measureCell(ctx, g, c.CellKey)
		if ctx.Err() != nil {
			return context.Cause(ctx) // a trial cut short is not kept
		}
		c.Trials = append(c.Trials, tr)
		r.prog.done(c.CellKey, tr)
	}
	if r.capacityPass(p) {
		r.searchCapacity(ctx, g)
	}
	r.stopGroup(g, fmt.Sprintf("%s idle=%d", backend, idle))
	return context.Cause(ctx)
}

// stopGroup asks the group's child to stop, noting (as what) a child that
// would not; close then releases the rest.
func (r *runner) stopGroup(g *group, what string) {
	if g.child == nil {
		return
	}
	if _, err := g.child.stop(); err != nil && g.setupErr == "" {
		r.prog.note(fmt.Sprintf("%s: %v", what, err))
	}
}

// subCells are the cells of (backend, idle) that can run, in layout order.
func (r *runner) subCells(backend string, idle int) []*results.Cell {
	var out []*results.Cell
	for _, a := range r.opts.Active {
		for _, m := range r.opts.Modes {
			if c := r.cells[r.key(backend, idle, a, m)]; c.NA == "" {
				out = append(out, c)
			}
		}
	}
	return out
}

func listenersFor(idle int, subs []*results.Cell) int {
	most := 0
	for _, c := range subs {
		most = max(most, c.Active)
	}
	return Listeners(idle, most)
}

// openGroup starts the child and opens the idle fleet; a failure is kept in
// setupErr and reported by every sub-cell.
func (r *runner) openGroup(ctx context.Context, g *group, listeners int) {
	var err error
	spec := r.childSpec(g.backend, listeners, g.counted)
	if g.handler != "" {
		spec.Args = withHandler(spec.Args, g.handler)
	}
	if g.child, err = startChild(spec); err != nil {
		g.setupErr = "server start: " + err.Error()
		return
	}
	began := time.Now()
	g.fleet, err = loadgen.Dial(ctx, loadgen.Config{Addrs: g.child.addrs, Idle: g.idle, MsgSize: r.opts.MsgSize, Timeout: fleetTimeout, IdlePing: g.idlePing})
	g.dial = time.Since(began)
	if err != nil {
		g.setupErr = "idle fleet: " + err.Error()
	}
}

// childSpec is the command line of one child: `bench serve --control`, or
// an External backend's program with the same flags (see serverCommand).
func (r *runner) childSpec(backend string, listeners int, count bool) ChildSpec {
	addrs := make([]string, listeners)
	for i := range addrs {
		addrs[i] = "127.0.0.1:0"
	}
	flags := []string{"--backend", backend, "--addr", strings.Join(addrs, ","),
		"--handler", r.opts.Handler, "--control"}
	if cpu := r.run.Machine.ServerCPU; cpu >= 0 {
		flags = append(flags, "--cpu", strconv.Itoa(cpu))
	}
	b, _ := registry.Lookup(backend)
	env := append([]string(nil), r.opts.ExeEnv...)
	if b.Kind == registry.Runtime && r.opts.GoMaxProcs > 0 {
		env = append(env, "GOMAXPROCS="+strconv.Itoa(r.opts.GoMaxProcs))
	}
	exe, args := r.serverCommand(b, flags)
	spec := ChildSpec{Exe: exe, Args: args, Env: env, Count: count, CPU: r.run.Machine.ServerCPU}
	if !count {
		spec.NoCount = r.run.Machine.PerfReason
		if r.run.Machine.Perf {
			spec.NoCount = "timed trial, run uncounted"
		}
	}
	return spec
}

func (g *group) close() {
	if g.fleet != nil {
		g.fleet.Close()
		g.fleet = nil
	}
	if g.child != nil {
		g.child.kill()
	}
}
