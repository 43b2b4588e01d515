package benchrun

import (
	"slices"

	"github.com/muxbench/muxbench/internal/analysis"
	"github.com/muxbench/muxbench/internal/results"
)

// calibrationBase is what each side's calibration (µs) is judged against:
// the fast end of the run's calibrations so far, their baseQuantile. Not
// the fastest alone: that is an extreme that sinks as a run grows. In a
// quiet 1,260-trial default run on this project's VMs the server side's
// fastest was 9,362 µs while 5% of calibrations were under 10,044 and half
// under 10,901, so "20% slower than the fastest" flagged 323 trials (26%)
// whose CPU/req was only 1.03× that of the unflagged trials of their cells
// (median over 31 cells).
type calibrationBase struct{ server, loadgen []float64 }

// baseQuantile is the share of a run's calibrations below its base.
const baseQuantile = 0.10

// note adds a trial's calibrations, keeping each side sorted.
func (b *calibrationBase) note(m results.TrialMachine) {
	add := func(s []float64, v float64) []float64 {
		if v <= 0 {
			return s
		}
		i, _ := slices.BinarySearch(s, v)
		return slices.Insert(s, i, v)
	}
	b.server, b.loadgen = add(b.server, m.ServerCalibrationUs), add(b.loadgen, m.LoadgenCalibrationUs)
}

// ref is each side's base (0: no calibration yet): the fastest while
// fewer than 1/baseQuantile calibrations are known.
func (b *calibrationBase) ref() (server, loadgen float64) {
	at := func(s []float64) float64 {
		if len(s) == 0 {
			return 0
		}
		return s[int(baseQuantile*float64(len(s)-1))]
	}
	return at(b.server), at(b.loadgen)
}

// finishStability judges every trial of run against the whole run's
// calibration base (a trial measured early was judged against the base so
// far) and sums up the machine over the run, with the server's and the
// generator's CPU's hiccups (zero: not measured). It returns nil when no
// trial holds machine figures.
func finishStability(run *results.Run, hiccups [2]results.Hiccups) *results.Stability {
	var base calibrationBase
	trials := machineTrials(run)
	for _, tr := range trials {
		base.note(*tr.Metrics.Machine)
	}
	server, loadgen := base.ref()
	if len(trials) == 0 {
		return nil
	}
	st := &results.Stability{Trials: len(trials)}
	for _, tr := range trials {
		if machineSlow(*tr.Metrics.Machine, server, loadgen) && !slices.Contains(tr.Flags, flagMachineSlow) {
			tr.Flags = append(tr.Flags, flagMachineSlow)
		}
		if slices.Contains(tr.Flags, flagMachineSlow) {
			st.SlowTrials++
		}
	}
	st.Server = sideStability(trials, run.Machine.ServerCPU, func(m results.TrialMachine) (float64, float64, float64) {
		return m.ServerCalibrationUs, m.ServerStealPct, m.ServerGuestPct
	})
	st.Loadgen = sideStability(trials, run.Machine.LoadgenCPU, func(m results.TrialMachine) (float64, float64, float64) {
		return m.LoadgenCalibrationUs, m.LoadgenStealPct, m.LoadgenGuestPct
	})
	if hiccups[0].SpunSec > 0 && hiccups[1].SpunSec > 0 {
		st.Server.Hiccups, st.Loadgen.Hiccups = &hiccups[0], &hiccups[1]
	}
	return st
}

// machineTrials are the trials of run that hold machine figures.
func machineTrials(run *results.Run) []*results.Trial {
	var out []*results.Trial
	for i := range run.Cells {
		for j := range run.Cells[i].Trials {
			if tr := &run.Cells[i].Trials[j]; tr.Metrics.Machine != nil {
				out = append(out, tr)
			}
		}
	}
	return out
}

// sideStability sums one side up: its calibrations' min, median and max,
// and its steal and guest time over the windows.
func sideStability(trials []*results.Trial, cpu int, side func(results.TrialMachine) (calib, steal, guest float64)) results.CPUStability {
	cs := results.CPUStability{CPU: cpu}
	var calibs []float64
	for _, tr := range trials {
		c, steal, guest := side(*tr.Metrics.Machine)
		if c > 0 {
			calibs = append(calibs, c)
		}
		secs := tr.Metrics.WindowSec
		cs.WindowSec += secs
		cs.StealSec += steal / 100 * secs
		cs.GuestSec += guest / 100 * secs
	}
	if len(calibs) > 0 {
		cs.CalibrationMinUs, cs.CalibrationMaxUs = slices.Min(calibs), slices.Max(calibs)
		cs.CalibrationMedUs = analysis.Median(calibs)
	}
	return cs
}
