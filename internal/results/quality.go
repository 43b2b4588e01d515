package results

import "fmt"

// Quality are the figures the trust gates read beyond the measurement
// itself, each of which flags a trial when it trips: hist-dropped (the
// histograms lost or clamped values), generator-late (the generator's send
// lag made a material share of the latency), machine-slow (a slow CPU or
// steal), window-skew (the edges the figures cover disagree); the
// server-saturated gate reads the server's busy share. It is embedded in
// Metrics, so its fields sit beside the others in run.json.
type Quality struct {
	// MergeDropped counts values lost merging the generator's per-thread
	// histograms; HistClamped counts values outside the histograms' range
	// (0..60 s), recorded at its bound. Either above zero flags the trial
	// hist-dropped.
	MergeDropped int64  `json:"merge_dropped,omitempty"`
	HistClamped  uint64 `json:"hist_clamped,omitempty"`
	// SendLag, open mode only, is how late the generator sent each request
	// of the window after its intended time (actual − intended): its own
	// lateness, which the corrected Latency charges to the server: Latency
	// is Uncorrected plus SendLag request by request. Latency's p50 or p99
	// at least 10% above Uncorrected's flags the trial generator-late.
	SendLag *Latency `json:"send_lag,omitempty"`
	// GeneratorSched, open mode, is how the generator's drivers that poll
	// before their sends were scheduled: "SCHED_FIFO" (a real-time thread
	// for the window, which no ordinary thread on its CPU delays), or why
	// the kernel refused; empty when no driver polled (closer sends) and
	// in runs from before it was recorded.
	GeneratorSched string `json:"generator_sched,omitempty"`
	// Machine is what the machine-slow gate read (nil in older runs).
	Machine *TrialMachine `json:"machine,omitempty"`
	// GeneratorWindowSec is the window as the generator's runner saw it
	// (from its opening to the moment it saw it close), ServerWindowSec the
	// span between the server's two /proc readings, which its CPU figures
	// cover; WindowSec, the span the replies are counted in, is the
	// nominal window. Either one more than 1% away from WindowSec flags
	// the trial window-skew. Zero when not measured.
	GeneratorWindowSec float64 `json:"generator_window_sec,omitempty"`
	ServerWindowSec    float64 `json:"server_window_sec,omitempty"`
}

// TrialMachine is how fast the machine was around one trial. Before the
// window a fixed calibration workload is timed on each pinned CPU (the
// faster of two in a row); over
// the window each pinned CPU's steal and guest time are read from
// /proc/stat. A calibration more than 20% slower than the run's fast end
// on that CPU (its 10th-percentile calibration), or steal above 3% of the
// window, flags the trial machine-slow: a frequency change, a hypervisor
// or a neighbour, none of which the process's own CPU figures can see. Calibration is 0 when it could not
// run; with the sides unpinned, the steal is over all CPUs.
type TrialMachine struct {
	ServerCalibrationUs  float64 `json:"server_calibration_us"`
	LoadgenCalibrationUs float64 `json:"loadgen_calibration_us"`
	ServerStealPct       float64 `json:"server_steal_pct"`
	LoadgenStealPct      float64 `json:"loadgen_steal_pct"`
	ServerGuestPct       float64 `json:"server_guest_pct"`
	LoadgenGuestPct      float64 `json:"loadgen_guest_pct"`
}

// Stability sums up the machine over a run: each pinned CPU's calibration
// times and its steal over every window, and how many trials the
// machine-slow gate flagged (of Trials with a calibration).
type Stability struct {
	Server     CPUStability `json:"server"`
	Loadgen    CPUStability `json:"loadgen"`
	Trials     int          `json:"trials"`
	SlowTrials int          `json:"slow_trials"`
}

// CPUStability is one pinned CPU over a run: its calibration times (µs)
// and the steal and guest time summed over the trials' windows.
type CPUStability struct {
	CPU              int     `json:"cpu"`
	CalibrationMinUs float64 `json:"calibration_min_us"`
	CalibrationMedUs float64 `json:"calibration_median_us"`
	CalibrationMaxUs float64 `json:"calibration_max_us"`
	StealSec         float64 `json:"steal_sec"`
	GuestSec         float64 `json:"guest_sec"`
	WindowSec        float64 `json:"window_sec"`
	// Hiccups is what a thread spinning on the CPU saw at the run's start
	// and end (nil: not measured).
	Hiccups *Hiccups `json:"hiccups,omitempty"`
}

// Hiccups is the machine's own jitter on one CPU, as jHiccup measures it:
// a thread pinned there reads the clock in a loop for SpunSec, and every
// gap between two reads of 20 µs or more is time the CPU did something
// else (an interrupt, a kernel thread, the hypervisor). No generator or
// server can be more punctual than this floor; the send lag and the tails
// of every backend include it.
type Hiccups struct {
	SpunSec float64 `json:"spun_sec"`
	// Over20Us ... Over1Ms count the gaps of at least that length.
	Over20Us  int `json:"over_20us"`
	Over50Us  int `json:"over_50us"`
	Over100Us int `json:"over_100us"`
	Over1Ms   int `json:"over_1ms"`
	// MaxUs is the longest gap; LostPct the gaps' share of SpunSec.
	MaxUs   float64 `json:"max_us"`
	LostPct float64 `json:"lost_pct"`
}

// Add sums two measurements of one CPU.
func (h Hiccups) Add(o Hiccups) Hiccups {
	lost := h.LostPct*h.SpunSec + o.LostPct*o.SpunSec
	h.SpunSec += o.SpunSec
	h.Over20Us += o.Over20Us
	h.Over50Us += o.Over50Us
	h.Over100Us += o.Over100Us
	h.Over1Ms += o.Over1Ms
	h.MaxUs = max(h.MaxUs, o.MaxUs)
	if h.SpunSec > 0 {
		h.LostPct = lost / h.SpunSec
	}
	return h
}

// String is the measurement in a phrase: gaps per second over 50 µs, the
// longest, the share lost.
func (h Hiccups) String() string {
	if h.SpunSec <= 0 {
		return "not measured"
	}
	return fmt.Sprintf("%.0f/s over 50 µs (%d over 1 ms), max %.0f µs, %.1f%% lost", float64(h.Over50Us)/h.SpunSec, h.Over1Ms, h.MaxUs, h.LostPct)
}

// Histograms are a trial's window histograms in nanoseconds, each in the
// HdrHistogram V2 compressed encoding (base64; hdrhistogram-go's Encode
// and Decode, the Java and JavaScript libraries' decodeFromCompressed...),
// so run.json alone holds every distribution: the tables pool them, and
// the .hlog files are a convenience for other tools. Latency is corrected
// for coordinated omission in open mode; Uncorrected (open mode) is from
// the actual send, and Lag (open mode) the send lag.
type Histograms struct {
	Latency     string `json:"latency"`
	Uncorrected string `json:"uncorrected,omitempty"`
	Lag         string `json:"send_lag,omitempty"`
}

// Summary is the run's machine stability in one line: each side's
// calibration min/median/max, the steal over every window, and the trials
// flagged machine-slow.
func (s Stability) Summary() string {
	side := func(name string, c CPUStability) string {
		return fmt.Sprintf("%s (CPU %d) %.1f/%.1f/%.1f ms", name, c.CPU,
			c.CalibrationMinUs/1e3, c.CalibrationMedUs/1e3, c.CalibrationMaxUs/1e3)
	}
	steal, secs := s.Server.StealSec+s.Loadgen.StealSec, s.Server.WindowSec+s.Loadgen.WindowSec
	share := 0.0
	if secs > 0 {
		share = 100 * steal / secs
	}
	line := fmt.Sprintf("calibration min/median/max %s, %s; steal %.2f s over %.0f CPU-s of windows (%.2f%%); %d of %d trials machine-slow",
		side("server", s.Server), side("generator", s.Loadgen), steal, secs, share, s.SlowTrials, s.Trials)
	if sh, lh := s.Server.Hiccups, s.Loadgen.Hiccups; sh != nil && lh != nil {
		line += fmt.Sprintf("; hiccups of a thread spinning %.0f s on each CPU: server's %s, generator's %s", sh.SpunSec, sh, lh)
	}
	return line
}
