package benchrun

import (
	"time"

	"github.com/muxbench/muxbench/internal/procstat"
	"github.com/muxbench/muxbench/internal/results"
)

// The machine-slow gate. A trial's CPU per request on a VM moved 2.7×
// within one run with no run-queue wait to show for it: steal time or a
// frequency change, which only the machine can tell. So before each window
// a fixed workload is timed on each pinned CPU (calibrate), and over the
// window each pinned CPU's steal is read from /proc/stat.
const (
	// slowCalibration: a calibration this much slower than the run's base
	// on the same CPU (its fast end: calibrationBase) means the CPU was not
	// its usual self.
	slowCalibration = 1.20
	// slowStealPct: steal, in percent of the window, on either pinned CPU.
	slowStealPct    = 3.0
	flagMachineSlow = "machine-slow"
)

// machineSlow is the machine-slow gate for one trial against the run's
// calibration base on each side (0: none yet).
func machineSlow(m results.TrialMachine, baseServer, baseLoadgen float64) bool {
	slower := func(v, base float64) bool { return v > 0 && base > 0 && v > slowCalibration*base }
	return slower(m.ServerCalibrationUs, baseServer) || slower(m.LoadgenCalibrationUs, baseLoadgen) ||
		m.ServerStealPct > slowStealPct || m.LoadgenStealPct > slowStealPct
}

// machineEdges reads the pinned CPUs' steal and guest time at a window's
// edges, on the generator's goroutine inside loadgen.Run.
type machineEdges struct {
	serverCPU, loadgenCPU int
	from, to              [2]procstat.CPUTimes
	err                   error
}

func (e *machineEdges) read(into *[2]procstat.CPUTimes) {
	t, err := procstat.ReadCPUs(e.serverCPU, e.loadgenCPU)
	if err != nil {
		e.err = err
		return
	}
	copy(into[:], t)
}

func (e *machineEdges) start() { e.read(&e.from) }
func (e *machineEdges) end()   { e.read(&e.to) }

// calibrateSides times the calibration on the server's and the
// generator's CPUs (Options.Calibrate when set: a test's slowed machine),
// each the faster of two in a row (fasterOfTwo).
func (r *runner) calibrateSides() (results.TrialMachine, error) {
	calib := calibrate
	if r.opts.Calibrate != nil {
		calib = r.opts.Calibrate
	}
	var m results.TrialMachine
	s, err := fasterOfTwo(calib, r.run.Machine.ServerCPU)
	if err != nil {
		return m, err
	}
	l, err := fasterOfTwo(calib, r.run.Machine.LoadgenCPU)
	m.ServerCalibrationUs, m.LoadgenCalibrationUs = us(s), us(l)
	return m, err
}

// fasterOfTwo is the faster of two calibrations in a row on cpu. The
// machine's own hiccups (a thread spinning on these VMs sees one of
// 1-5 ms now and then: Profile.Hiccup) slow a 10 ms calibration by 20%
// once in a while: 69 of the 93 trials flagged machine-slow in a quiet
// published run were flagged by one calibration alone. A hiccup slows one
// of two; a slower clock or a neighbour on the CPU slows both.
func fasterOfTwo(calib func(cpu int) (time.Duration, error), cpu int) (time.Duration, error) {
	a, err := calib(cpu)
	if err != nil {
		return 0, err
	}
	b, err := calib(cpu)
	return min(a, b), err
}

func us(d time.Duration) float64 { return float64(d) / 1e3 }

// trialMachine completes a trial's machine figures with the steal and
// guest time over its window (secs long).
func (r *runner) trialMachine(m results.TrialMachine, e *machineEdges, secs float64) results.TrialMachine {
	if e.err != nil || secs <= 0 {
		return m
	}
	share := func(i int, f func(procstat.CPUTimes) time.Duration) float64 {
		cpu := []int{r.run.Machine.ServerCPU, r.run.Machine.LoadgenCPU}[i]
		return 100 * f(e.to[i].Sub(e.from[i])).Seconds() / secs / r.cpusOf(cpu)
	}
	steal := func(t procstat.CPUTimes) time.Duration { return t.Steal }
	guest := func(t procstat.CPUTimes) time.Duration { return t.Guest }
	m.ServerStealPct, m.LoadgenStealPct = share(0, steal), share(1, steal)
	m.ServerGuestPct, m.LoadgenGuestPct = share(0, guest), share(1, guest)
	return m
}

// judgeMachine records the trial's machine figures and flags it
// machine-slow against the calibration base so far; a trial's calibration
// is later judged again against the whole run's (finishStability).
func (r *runner) judgeMachine(tr *results.Trial, m results.TrialMachine) {
	tr.Metrics.Machine = &m
	r.calibrations.note(m)
	if server, loadgen := r.calibrations.ref(); machineSlow(m, server, loadgen) {
		tr.Flags = append(tr.Flags, flagMachineSlow)
	}
}
