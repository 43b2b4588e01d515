package benchrun

import (
	"fmt"
	"math"

	hdr "github.com/HdrHistogram/hdrhistogram-go"

	"github.com/muxbench/muxbench/internal/loadgen"
	"github.com/muxbench/muxbench/internal/results"
)

// The trust gates: what makes a trial's figures say something about the
// backend rather than about the histograms, the generator, the machine or
// a saturated server. Each gate is a function of recorded figures, so
// run.json holds what it read and a test can provoke it.

// Flag names of the trust gates.
const (
	flagHistDropped     = "hist-dropped"
	flagGeneratorLate   = "generator-late"
	flagServerSaturated = "server-saturated"
	flagWindowSkew      = "window-skew"
)

// maxSkew is the window-skew threshold: a share of the window.
const maxSkew = 0.01

// windowSkewed is the window-skew gate: the generator's or the server's
// view of the window (0: not measured) differs from the counted window by
// more than maxSkew of it. Replies are counted over the window; the
// server's CPU and syscalls over its two readings, the generator's CPU
// over its runner's view: a late wake-up or a slow snapshot at an edge
// puts work of outside the window into the per-request figures.
func windowSkewed(window, generator, server float64) bool {
	off := func(v float64) bool { return v > 0 && math.Abs(v-window) > maxSkew*window }
	return window > 0 && (off(generator) || off(server))
}

// saturatedBusyPct is the server-saturated threshold: the share of the
// window the server had work, in percent of the CPU it is pinned to.
const saturatedBusyPct = 95.0

// serverSaturated is the server-saturated gate: in open loop (an offered
// rate) a server that had work for 95% of the window or more is not
// keeping up with the schedule in latency terms, and its CPU per request
// is the window divided by the rate (poll showed 499, 497, 498 µs at
// 5,000, 10,000 and 19,800 idle at 2,000 req/s: 1 s ÷ 2,000), not how its
// cost scales. Having work is being on its CPU (busy) or runnable behind
// another process (the run-queue wait): on a shared machine a saturated
// server is on its CPU for less than the window. The trial leaves the
// summaries, so no ratio or answer reads it; the capacity search says
// what rate the backend does sustain.
func serverSaturated(m results.Metrics) bool {
	return m.OfferedRate > 0 && m.ServerBusyPct > 0 && m.ServerBusyPct+m.ServerWaitPct >= saturatedBusyPct
}

// lateShare is the generator-late threshold: a tenth of a corrected
// percentile. Corrected latency is the uncorrected one plus the send lag,
// request by request, so corrected − uncorrected at a percentile is how
// much of that published figure the generator's own lateness made; at a
// tenth it is as large as the 10% margin a verdict is decided by, and
// could make or break it on its own.
//
// The gate reads that difference, not the lag's own p99, which does not
// bound it: a few sends a millisecond late (a halted vCPU woken late by
// the host) leave the lag p99 under a microsecond yet lift the corrected
// p99 into the uncorrected p99.5 (364 against 238 µs, lag p99 0.9 µs, in
// an open-loop smoke run), while lag spread over many sends that are not
// the slow replies can reach a tenth of the p99 and move it not at all
// (268 against 268 µs, lag p99 34 µs).
const lateShare = 0.10

// generatorLate is the generator-late gate: in open loop (an uncorrected
// latency beside the corrected one), the generator's lateness made a
// tenth or more of the corrected p50 or p99.
func generatorLate(corrected results.Latency, uncorrected *results.Latency) bool {
	if uncorrected == nil {
		return false
	}
	made := func(c, u float64) bool { return c > 0 && c-u >= lateShare*c }
	return made(corrected.P50, uncorrected.P50) || made(corrected.P99, uncorrected.P99)
}

// histDropped is the hist-dropped gate: a value lost merging the
// generator's histograms, or one outside their range, means the latency
// figures do not hold every reply as it was.
func histDropped(q results.Quality) bool { return q.MergeDropped > 0 || q.HistClamped > 0 }

// trialTrust is what the trust gates take from around one trial's window:
// the calibration timed before it and the CPUs' times at its edges.
type trialTrust struct {
	machine results.TrialMachine
	edges   machineEdges
	server  *windowEdges
}

// beginTrust calibrates the pinned CPUs just before a trial's window; a
// calibration that cannot run is noted once and leaves its figures 0.
func (r *runner) beginTrust() *trialTrust {
	t := &trialTrust{edges: machineEdges{serverCPU: r.run.Machine.ServerCPU, loadgenCPU: r.run.Machine.LoadgenCPU}}
	var err error
	if t.machine, err = r.calibrateSides(); err != nil && !r.calibrationNoted {
		r.calibrationNoted = true
		r.prog.note("calibration: " + err.Error() + "; the machine-slow gate reads steal time only")
	}
	return t
}

// hooks are the window's hooks: the CPUs' steal (at tick precision)
// outermost, the server's snapshots (w) closest to the window.
func (t *trialTrust) hooks(w *windowEdges) *loadgen.Hooks {
	t.server = w
	return &loadgen.Hooks{
		Start: func() { t.edges.start(); w.start() },
		End:   func() { w.end(); t.edges.end() },
	}
}

// judgeTrial applies every trust gate to a measured trial.
func (r *runner) judgeTrial(tr *results.Trial, res *loadgen.Result, t *trialTrust) {
	judge(tr, res)
	if serverSaturated(tr.Metrics) {
		tr.Flags = append(tr.Flags, flagServerSaturated)
	}
	q := &tr.Metrics.Quality
	q.GeneratorWindowSec = res.Elapsed.Seconds()
	if w := t.server; w != nil && w.err == nil && !w.from.procAt.IsZero() && !w.to.procAt.IsZero() {
		q.ServerWindowSec = w.to.procAt.Sub(w.from.procAt).Seconds()
	}
	if windowSkewed(tr.Metrics.WindowSec, q.GeneratorWindowSec, q.ServerWindowSec) {
		tr.Flags = append(tr.Flags, flagWindowSkew)
	}
	r.judgeMachine(tr, r.trialMachine(t.machine, &t.edges, res.Window.Seconds()))
	r.noteRealtime(res.Realtime)
}

// noteRealtime reports, once, a generator whose polling drivers could not
// run real-time: its open-loop sends may then wait behind other threads.
func (r *runner) noteRealtime(sched string) {
	if sched == "" || sched == loadgen.RealtimeFIFO || r.realtimeNoted {
		return
	}
	r.realtimeNoted = true
	r.prog.note("generator: " + sched + "; open-loop sends may wait behind other threads on its CPU (run bench as root)")
}

// judge records what the result-borne trust gates read (the histograms
// themselves, what they lost, the send lag) in tr and adds the flags that
// tripped; tr's latencies are already filled.
func judge(tr *results.Trial, res *loadgen.Result) {
	q := results.Quality{MergeDropped: res.MergeDropped, HistClamped: res.Clamped, GeneratorSched: res.Realtime}
	if res.Lag != nil {
		lag := latency(*res.Lag)
		q.SendLag = &lag
	}
	tr.Metrics.Quality = q
	hists, err := encodeHists(res)
	if err != nil {
		tr.Error = joinErrors(tr.Error, fmt.Errorf("histograms: %w", err))
	}
	tr.Histograms = hists
	if histDropped(q) {
		tr.Flags = append(tr.Flags, flagHistDropped)
	}
	if generatorLate(tr.Metrics.Latency, tr.Metrics.Uncorrected) {
		tr.Flags = append(tr.Flags, flagGeneratorLate)
	}
}

// encodeHists is res's window histograms in the V2 compressed encoding.
func encodeHists(res *loadgen.Result) (*results.Histograms, error) {
	if res.Hist == nil {
		return nil, nil
	}
	var h results.Histograms
	var err error
	if h.Latency, err = encodeHist(res.Hist); err != nil {
		return nil, err
	}
	if h.Uncorrected, err = encodeHist(res.UncorrectedHist); err != nil {
		return nil, err
	}
	if h.Lag, err = encodeHist(res.LagHist); err != nil {
		return nil, err
	}
	return &h, nil
}

func encodeHist(h *hdr.Histogram) (string, error) {
	if h == nil {
		return "", nil
	}
	b, err := h.Encode(hdr.V2CompressedEncodingCookieBase)
	return string(b), err
}
