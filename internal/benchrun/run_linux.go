package benchrun

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"time"

	"github.com/muxbench/muxbench/internal/affinity"
	"github.com/muxbench/muxbench/internal/idlestate"
	"github.com/muxbench/muxbench/internal/loadgen"
	"github.com/muxbench/muxbench/internal/machine"
	"github.com/muxbench/muxbench/internal/results"
	"github.com/muxbench/muxbench/internal/rlimit"
	"github.com/muxbench/muxbench/internal/syscount"
	"github.com/muxbench/muxbench/internal/version"
)

// runner is one bench run in progress.
type runner struct {
	opts   Options
	run    *results.Run
	cells  map[results.CellKey]*results.Cell
	limits Limits
	prog   *progress
	// hold keeps the syscall tracepoints registered for the whole run (see
	// syscount.Hold); nil when counting is off. idle keeps the CPUs' idle
	// loops polling (idlestate.Apply); nil when not held.
	hold *syscount.Counter
	idle *idlestate.Request
	// calibrations are the calibrations so far (the machine-slow gate's
	// base); calibrationNoted says a failed calibration was reported.
	calibrations     calibrationBase
	calibrationNoted bool
	// realtimeNoted says the generator's refused real-time scheduling was
	// reported.
	realtimeNoted bool
	// hiccups are the server's and the generator's CPU's hiccups, spun
	// for at the run's start and end.
	hiccups [2]results.Hiccups
}

// Run measures the matrix and writes run.json (also when ctx is cancelled:
// the run is then marked Interrupted and holds the cells measured so far).
// The returned error is ctx's cause on interruption, or what stopped the run.
func Run(ctx context.Context, opts Options) (*results.Run, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	r := &runner{opts: opts, cells: map[results.CellKey]*results.Cell{}}
	if err := r.setup(); err != nil {
		return nil, err
	}
	r.measureHiccups()
	err := r.measureAll(ctx)
	r.hold.Close()
	if err != nil {
		r.run.Interrupted = err.Error()
	} else {
		r.measureHiccups()
	}
	r.idle.Close()
	r.run.Stability = finishStability(r.run, r.hiccups)
	r.prog.finish()
	if st := r.run.Stability; st != nil {
		r.prog.note("machine stability: " + st.Summary())
	}
	r.run.Finished = time.Now()
	if werr := r.write(); werr != nil {
		return r.run, errors.Join(err, werr)
	}
	return r.run, err
}

// setup raises the fd limit, pins the generator, probes perf, resolves the
// idle list and lays out every cell (n/a ones with their reason).
func (r *runner) setup() error {
	files, err := rlimit.Raise()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Join(r.opts.OutDir, "hlog"), 0o755); err != nil {
		return err
	}
	m := machine.Describe()
	r.idle, m.IdleStates = idlestate.Apply(r.opts.IdleStates)
	r.pin(&m)
	r.probePerf(&m)
	r.limits = Limits{Soft: files.Soft, Hard: files.Hard, GeneratorMargin: loadgen.FdMargin}
	r.opts.Idle = r.resolveIdle()
	tool := version.Get()
	r.run = &results.Run{
		Schema: results.SchemaVersion, Label: r.opts.Label, Started: time.Now(),
		Command: r.opts.Command, Tool: &tool, Machine: m, Config: r.config(),
	}
	r.countedConfig()
	r.layout()
	r.layoutCapacity()
	r.prog = newProgress(r.opts.Progress, r.opts.Terminal, r.units())
	r.noteHalting()
	return nil
}

// noteHalting says, once, that the 0 µs resume latency held cannot keep
// this machine's CPUs polling: no cpuidle state polls, so they halt.
func (r *runner) noteHalting() {
	if r.idle != nil && !idlestate.Polls(idlestate.SysfsCPU) {
		r.prog.note("cpu idle states: no cpuidle state polls here (" + idlestate.Drivers(idlestate.SysfsCPU) + "), so idle CPUs halt whatever /dev/cpu_dma_latency holds; the header says so")
	}
}

// pin puts the generator (this process) on CPU 0 and the server on CPU 1.
func (r *runner) pin(m *results.Machine) {
	if runtime.NumCPU() < 2 {
		m.PinReason = fmt.Sprintf("only %d CPU: server and generator share it", runtime.NumCPU())
		return
	}
	if err := affinity.Pin([]int{0}); err != nil {
		m.PinReason = "pinning the generator failed: " + err.Error()
		return
	}
	m.LoadgenCPU, m.ServerCPU = 0, 1
}

func (r *runner) probePerf(m *results.Machine) {
	if !r.opts.SyscallCount {
		m.PerfReason = "syscall counting off (--no-syscall-count)"
		return
	}
	hold, err := syscount.Hold(syscount.DefaultNames)
	if err != nil {
		m.PerfReason = err.Error()
		return
	}
	r.hold, m.Perf = hold, true
}

// resolveIdle replaces MaxIdle by the largest count the limits allow and
// sorts and deduplicates the list.
func (r *runner) resolveIdle() []int {
	most := r.limits.MaxIdle(slices.Max(r.opts.Active))
	var out []int
	for _, n := range r.opts.Idle {
		if n == MaxIdle {
			n = most
		}
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	sort.Ints(out)
	return out
}

func (r *runner) config() results.RunConfig {
	o := r.opts
	return results.RunConfig{
		Profile: o.Name, Scenarios: []string{o.Handler}, Backends: o.Backends,
		Idle: o.Idle, Active: o.Active, Modes: o.Modes, Rate: o.Rate,
		Duration: o.Duration, Warmup: o.Warmup, Trials: o.Trials, MsgSize: o.MsgSize,
		Handler: o.Handler, SyscallsOn: o.SyscallCount, GoMaxProcs: o.GoMaxProcs,
		MinPooled: o.MinPooled, OpenDuration: o.openWindow(),
	}
}

// countedConfig records the counted trials once perf was probed.
func (r *runner) countedConfig() {
	if r.counting() {
		r.run.Config.CountedTrials = 1
		r.run.Config.CountedDuration = r.countedDuration()
	}
}

// key names the cell of one matrix point.
func (r *runner) key(backend string, idle, active int, mode string) results.CellKey {
	k := results.CellKey{
		Scenario: r.opts.Handler, Backend: backend, Idle: idle, Active: active,
		Mode: mode, MsgSize: r.opts.MsgSize, Handler: r.opts.Handler,
	}
	if mode == "open" {
		k.Rate = r.opts.Rate
	}
	return k
}

// layout creates every cell in table order: the sweep's (backend, idle,
// active, mode), then the other scenarios'.
func (r *runner) layout() {
	for _, b := range r.sweepBackends() {
		for _, idle := range r.opts.Idle {
			for _, a := range r.opts.Active {
				for _, m := range r.opts.Modes {
					k := r.key(b, idle, a, m)
					r.run.Cells = append(r.run.Cells, results.Cell{CellKey: k, NA: r.sweepNA(k)})
				}
			}
		}
	}
	r.layoutScenarios()
	for i := range r.run.Cells {
		r.cells[r.run.Cells[i].CellKey] = &r.run.Cells[i]
	}
}

// units is the number of cell trials the progress counts.
func (r *runner) units() int {
	n := 0
	for _, c := range r.run.Cells {
		if c.NA == "" {
			n += len(r.passes())
		}
	}
	return n
}

// pass is one sweep over the matrix: one trial of every cell.
type pass struct {
	index   int
	counted bool
}

// passes are the counted pass (when perf counting works) and then the
// timed ones. perf's raw_syscalls tracepoint costs the server about 1 µs per
// syscall, so timing figures come from uncounted children and syscall
// figures from the counted trial; its index follows the timed ones.
func (r *runner) passes() []pass {
	var out []pass
	if r.counting() {
		out = append(out, pass{index: r.opts.Trials, counted: true})
	}
	for t := 0; t < r.opts.Trials; t++ {
		out = append(out, pass{index: t})
	}
	return out
}

// counting reports whether the run has counted trials.
func (r *runner) counting() bool { return r.opts.SyscallCount && r.run.Machine.Perf }

// countedDuration is the window of a counted trial: per-request syscall
// counts settle within a few thousand requests, and the trial's timing is
// not reported, so it need not be longer than maxCountedWindow.
func (r *runner) countedDuration() time.Duration {
	return min(r.opts.Duration, maxCountedWindow)
}

const maxCountedWindow = 500 * time.Millisecond

// measureAll runs the counting-overhead pairs, then every pass: within a
// pass, idle counts ascending and backends interleaved (A B C A B C), so
// machine drift spreads over all backends alike; then the crossover
// searches. After each (backend, idle) group run.json is rewritten, so a
// run killed outright keeps its cells.
func (r *runner) measureAll(ctx context.Context) error {
	if r.counting() {
		if err := r.measureOverhead(ctx); err != nil {
			return err
		}
	}
	for _, p := range r.passes() {
		for _, idle := range r.opts.Idle {
			for _, b := range r.sweepBackends() {
				if err := r.runGroup(ctx, p, b, idle); err != nil {
					return err
				}
				if err := r.write(); err != nil {
					return err
				}
			}
		}
		if err := r.measureScenarios(ctx, p); err != nil {
			return err
		}
	}
	return r.measureCrossovers(ctx)
}

// write saves run.json.
func (r *runner) write() error {
	b, err := r.run.Encode()
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(r.opts.OutDir, "run.json"), append(b, '\n'), 0o644)
}
