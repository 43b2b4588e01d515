package benchrun

import (
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/muxbench/muxbench/internal/idlestate"
	"github.com/muxbench/muxbench/internal/results"
)

// Options are one bench run: the profile (as overridden by flags) and where
// things go.
type Options struct {
	Profile
	// Handler is the handler every backend serves ("echo").
	Handler string
	// OutDir receives run.json and one .hlog per cell and trial.
	OutDir string
	Label  string
	// Exe is the bench binary started as `Exe serve ... --control`; ExeEnv
	// is added to the child's environment (tests use it to re-execute
	// themselves as bench).
	Exe    string
	ExeEnv []string
	// SyscallCount attaches perf counters to every server child.
	SyscallCount bool
	// GoMaxProcs is the netpoll child's GOMAXPROCS (0: leave it unset).
	GoMaxProcs int
	// IdleStates is how the CPUs idle while the run measures (idlestate:
	// Poll holds their idle loops polling; "" or OS leaves them be).
	IdleStates idlestate.Mode
	// Command is the command line, recorded in run.json.
	Command []string
	// CrossoverSeed orders the rounds of the crossover searches (the
	// i-th search uses CrossoverSeed + i); it is recorded with each.
	CrossoverSeed uint64
	// Progress receives the progress bar or lines; Terminal says it is a
	// terminal (a bar with ETA) rather than a file (one line per cell).
	Progress io.Writer
	Terminal bool
	// WindowStart and WindowEnd, when set, are called at a measurement
	// window's edges with the server child's PID: after the start snapshot
	// and before the end one. Fault tests use them to kill or stop the
	// server mid-cell.
	WindowStart, WindowEnd func(pid int, k results.CellKey)
	// Calibrate, when set, replaces the calibration timed on a pinned CPU
	// before each window (cpu < 0: unpinned); tests use it to slow the
	// machine down.
	Calibrate func(cpu int) (time.Duration, error)
}

// Validate reports the first option that cannot run.
func (o *Options) Validate() error {
	switch {
	case len(o.Backends) == 0 || len(o.Idle) == 0 || len(o.Active) == 0 || len(o.Modes) == 0:
		return fmt.Errorf("empty matrix: backends %v, idle %v, active %v, modes %v", o.Backends, o.Idle, o.Active, o.Modes)
	case o.Trials < 1:
		return fmt.Errorf("trials %d: want at least 1", o.Trials)
	case o.Duration <= 0 || o.Warmup < 0:
		return fmt.Errorf("duration %v / warm-up %v: want duration > 0, warm-up >= 0", o.Duration, o.Warmup)
	case slices.Contains(o.Modes, "open") && o.Rate <= 0:
		return fmt.Errorf("open mode needs --rate > 0")
	case o.MinPooled < 0:
		return fmt.Errorf("--min-pooled %d: want 0 (windows of --duration) or a count of replies", o.MinPooled)
	case o.Exe == "" || o.OutDir == "":
		return fmt.Errorf("no server executable or output directory")
	}
	for _, m := range o.Modes {
		if m != "closed" && m != "open" {
			return fmt.Errorf("mode %q: want closed or open", m)
		}
	}
	for _, n := range o.Active {
		if n < 1 {
			return fmt.Errorf("active %d: want at least 1", n)
		}
	}
	for _, n := range o.Idle {
		if n < 0 && n != MaxIdle {
			return fmt.Errorf("idle %d: want >= 0", n)
		}
	}
	for _, s := range o.Crossovers {
		if err := o.validateCrossover(s); err != nil {
			return err
		}
	}
	return nil
}

// validateCrossover checks a search against the matrix it starts from.
func (o *Options) validateCrossover(s CrossoverSpec) error {
	if err := s.Validate(); err != nil {
		return err
	}
	switch {
	case !slices.Contains(o.Backends, s.Subject) || !slices.Contains(o.Backends, s.Rival):
		return fmt.Errorf("crossover %s vs %s: both must be among the run's backends %v", s.Subject, s.Rival, o.Backends)
	case !slices.Contains(o.Active, s.Active) || !slices.Contains(o.Modes, s.Mode):
		return fmt.Errorf("crossover at %d active, %s loop: the sweep must measure it (active %v, modes %v)", s.Active, s.Mode, o.Active, o.Modes)
	case len(o.Scenarios) > 0 && !slices.Contains(o.Scenarios, ScenarioIdle):
		return fmt.Errorf("crossover searches start from the idle sweep, which this run does not measure")
	}
	return nil
}
