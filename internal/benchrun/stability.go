package benchrun

import (
	"slices"

	"github.com/muxbench/muxbench/internal/analysis"
	"github.com/muxbench/muxbench/internal/results"
)

// fastestCalibration is the fastest calibration of each side (µs) among
// the trials noted so far.
type fastestCalibration struct{ server, loadgen float64 }

func (f *fastestCalibration) note(m results.TrialMachine) {
	low := func(cur, v float64) float64 {
		if v > 0 && (cur == 0 || v < cur) {
			return v
		}
		return cur
	}
	f.server, f.loadgen = low(f.server, m.ServerCalibrationUs), low(f.loadgen, m.LoadgenCalibrationUs)
}

// finishStability judges every trial of run against the run's fastest
// calibrations (a trial measured before the fastest one was judged against
// a slower one) and sums up the machine over the run. It returns nil when
// no trial holds machine figures.
func finishStability(run *results.Run) *results.Stability {
	var fastest fastestCalibration
	trials := machineTrials(run)
	for _, tr := range trials {
		fastest.note(*tr.Metrics.Machine)
	}
	if len(trials) == 0 {
		return nil
	}
	st := &results.Stability{Trials: len(trials)}
	for _, tr := range trials {
		if machineSlow(*tr.Metrics.Machine, fastest.server, fastest.loadgen) && !slices.Contains(tr.Flags, flagMachineSlow) {
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
