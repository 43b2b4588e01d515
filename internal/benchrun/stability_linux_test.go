package benchrun

import (
	"runtime"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	hdr "github.com/HdrHistogram/hdrhistogram-go"
	"golang.org/x/sys/unix"

	"github.com/muxbench/muxbench/internal/loadgen"
	"github.com/muxbench/muxbench/internal/results"
)

// TestMachineSlow: a calibration more than 20% slower than the run's
// fastest on the same CPU, or steal above 3% of the window on either
// pinned CPU, flags the trial.
func TestMachineSlow(t *testing.T) {
	tests := []struct {
		name string
		m    results.TrialMachine
		want bool
	}{
		{name: "as fast as the fastest", m: results.TrialMachine{ServerCalibrationUs: 10000, LoadgenCalibrationUs: 10000}, want: false},
		{name: "server 20% slower", m: results.TrialMachine{ServerCalibrationUs: 12000, LoadgenCalibrationUs: 10000}, want: false},
		{name: "server 21% slower", m: results.TrialMachine{ServerCalibrationUs: 12100, LoadgenCalibrationUs: 10000}, want: true},
		{name: "generator 50% slower", m: results.TrialMachine{ServerCalibrationUs: 10000, LoadgenCalibrationUs: 15000}, want: true},
		{name: "steal on the server CPU", m: results.TrialMachine{ServerCalibrationUs: 10000, LoadgenCalibrationUs: 10000, ServerStealPct: 3.1}, want: true},
		{name: "steal on the generator CPU", m: results.TrialMachine{LoadgenStealPct: 8}, want: true},
		{name: "a little steal", m: results.TrialMachine{ServerStealPct: 1, LoadgenStealPct: 2.9}, want: false},
		{name: "no calibration", m: results.TrialMachine{}, want: false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := machineSlow(tc.m, 10000, 10000); got != tc.want {
				t.Errorf("machineSlow(%+v) = %v, want %v", tc.m, got, tc.want)
			}
		})
	}
}

// slowedCalibration is the fault hook of a machine that slows down: every
// calibration takes base, those from the n-th on base × factor.
func slowedCalibration(n int, base time.Duration, factor float64) func(int) (time.Duration, error) {
	var calls atomic.Int64
	return func(cpu int) (time.Duration, error) {
		if int(calls.Add(1)) > 4*(n-1) { // two calibrations a side, two sides a trial
			return time.Duration(float64(base) * factor), nil
		}
		return base, nil
	}
}

// TestSlowedCalibrationTripsMachineSlow: through the Calibrate hook, a
// machine that gets 50% slower from the third trial on flags the third and
// fourth trials machine-slow, and only those; the run's summary counts
// them.
func TestSlowedCalibrationTripsMachineSlow(t *testing.T) {
	r := &runner{opts: Options{Calibrate: slowedCalibration(3, 10*time.Millisecond, 1.5)},
		run: &results.Run{Machine: results.Machine{ServerCPU: 1, LoadgenCPU: 0, Cores: 2}}, prog: newProgress(nil, false, 0)}
	cell := results.Cell{}
	for i := range 4 {
		tr := results.Trial{Index: i, Metrics: results.Metrics{WindowSec: 1}}
		trust := r.beginTrust()
		r.judgeTrial(&tr, &loadgen.Result{Hist: hdr.New(1, 60e9, 3), Window: time.Second}, trust)
		cell.Trials = append(cell.Trials, tr)
	}
	r.run.Cells = []results.Cell{cell}
	st := finishStability(r.run, [2]results.Hiccups{})
	for i, tr := range r.run.Cells[0].Trials {
		if got, want := slices.Contains(tr.Flags, flagMachineSlow), i >= 2; got != want {
			t.Errorf("trial %d: flags %v, machine %+v; want machine-slow %v", i, tr.Flags, tr.Metrics.Machine, want)
		}
	}
	if st == nil || st.SlowTrials != 2 || st.Trials != 4 || st.Server.CalibrationMinUs != 10000 || st.Server.CalibrationMaxUs != 15000 {
		t.Fatalf("stability %+v", st)
	}
}

// TestOneSlowCalibrationIsAHiccup: a calibration 50% slow once, the other
// of its pair not (the machine stalled during one), flags nothing; before,
// one calibration a side decided.
func TestOneSlowCalibrationIsAHiccup(t *testing.T) {
	var calls atomic.Int64
	stalled := func(cpu int) (time.Duration, error) {
		if calls.Add(1) == 5 { // the second trial's first server calibration
			return 15 * time.Millisecond, nil
		}
		return 10 * time.Millisecond, nil
	}
	r := &runner{opts: Options{Calibrate: stalled},
		run: &results.Run{Machine: results.Machine{ServerCPU: 1, LoadgenCPU: 0, Cores: 2}}, prog: newProgress(nil, false, 0)}
	cell := results.Cell{}
	for i := range 4 {
		tr := results.Trial{Index: i, Metrics: results.Metrics{WindowSec: 1}}
		r.judgeTrial(&tr, &loadgen.Result{Hist: hdr.New(1, 60e9, 3), Window: time.Second}, r.beginTrust())
		cell.Trials = append(cell.Trials, tr)
	}
	r.run.Cells = []results.Cell{cell}
	if st := finishStability(r.run, [2]results.Hiccups{}); st == nil || st.SlowTrials != 0 || calls.Load() != 16 {
		t.Fatalf("stability %+v after %d calibrations; want no slow trial after 16", st, calls.Load())
	}
}

// TestFinishStabilityJudgesAgainstTheRunsFastest: a trial measured before
// the run's fastest calibration is judged again at the end.
func TestFinishStabilityJudgesAgainstTheRunsFastest(t *testing.T) {
	trial := func(calib float64) results.Trial {
		return results.Trial{Metrics: results.Metrics{WindowSec: 1, Quality: results.Quality{
			Machine: &results.TrialMachine{ServerCalibrationUs: calib, LoadgenCalibrationUs: 10000, ServerStealPct: 1}}}}
	}
	run := &results.Run{Cells: []results.Cell{{Trials: []results.Trial{trial(15000), trial(10000), trial(11000)}}}}
	st := finishStability(run, [2]results.Hiccups{})
	if f := run.Cells[0].Trials[0].Flags; !slices.Equal(f, []string{flagMachineSlow}) {
		t.Errorf("first trial flags %v, want machine-slow (50%% slower than the fastest that came after)", f)
	}
	if st.SlowTrials != 1 || st.Server.StealSec < 0.0299 || st.Server.StealSec > 0.0301 || st.Server.CalibrationMedUs != 11000 {
		t.Errorf("stability %+v", st)
	}
	if line := st.Summary(); line == "" {
		t.Error("no summary line")
	}
}

// TestCPUHogSlowsTheCalibration: a busy thread sharing the server's CPU
// makes that CPU's calibration more than 20% slower than without it: the
// calibration sees a neighbour the process's own figures cannot. Quiet and
// hogged calibrations alternate, in pairs, so that load from elsewhere on
// a shared machine falls on both alike; the median pair decides.
func TestCPUHogSlowsTheCalibration(t *testing.T) {
	if runtime.NumCPU() < 2 {
		t.Skip("needs 2 CPUs")
	}
	const cpu, pairs = 1, 5
	var ratios []float64
	for range pairs {
		quiet := calibrateT(t, cpu)
		ready, stop, done := make(chan struct{}), make(chan struct{}), make(chan struct{})
		go hog(t, cpu, ready, stop, done)
		<-ready
		hogged := calibrateT(t, cpu)
		close(stop)
		<-done
		ratios = append(ratios, float64(hogged)/float64(quiet))
	}
	slices.Sort(ratios)
	t.Logf("calibration on CPU %d beside a hog ÷ alone, %d pairs: %.2f", cpu, pairs, ratios)
	if ratios[pairs/2] <= slowCalibration {
		t.Fatalf("median ratio %.2f×, want > %.2f×", ratios[pairs/2], slowCalibration)
	}
}

func calibrateT(t *testing.T, cpu int) time.Duration {
	t.Helper()
	d, err := calibrate(cpu)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// hog spins on cpu, once there (ready), until stop is closed (at most
// 10 s). Its thread stays locked, so it exits with the goroutine instead
// of going back to the runtime's pool pinned to cpu.
func hog(t *testing.T, cpu int, ready, stop, done chan struct{}) {
	defer close(done)
	runtime.LockOSThread()
	var set unix.CPUSet
	set.Set(cpu)
	err := unix.SchedSetaffinity(0, &set)
	close(ready)
	if err != nil {
		t.Error(err)
		return
	}
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-stop:
			return
		default:
			calibrationWork(1 << 12)
		}
	}
}

// TestCalibrationBaseIgnoresOneFastOutlier: the base is the run's 10th
// percentile, so one calibration far faster than the rest does not make
// the usual ones "slow" (against the fastest, all 20 of them were
// flagged); a trial 50% slower than the usual is still flagged.
func TestCalibrationBaseIgnoresOneFastOutlier(t *testing.T) {
	trial := func(calib float64) results.Trial {
		return results.Trial{Metrics: results.Metrics{WindowSec: 1, Quality: results.Quality{
			Machine: &results.TrialMachine{ServerCalibrationUs: calib, LoadgenCalibrationUs: 10000}}}}
	}
	cell := results.Cell{Trials: []results.Trial{trial(8000)}} // the outlier
	for i := range 20 {
		cell.Trials = append(cell.Trials, trial(10000+float64(i%10)*100)) // 10.0–10.9 ms, as a quiet VM gives
	}
	cell.Trials = append(cell.Trials, trial(15000))
	run := &results.Run{Cells: []results.Cell{cell}}
	if st := finishStability(run, [2]results.Hiccups{}); st.SlowTrials != 1 {
		t.Fatalf("%d trials machine-slow, want 1 (the 15 ms one)", st.SlowTrials)
	}
	if f := run.Cells[0].Trials[len(cell.Trials)-1].Flags; !slices.Equal(f, []string{flagMachineSlow}) {
		t.Fatalf("the 50%% slower trial's flags %v, want machine-slow", f)
	}
}
