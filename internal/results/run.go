// Package results is the schema of a benchmark run as written to run.json:
// the machine, the parameters, and every cell's figures trial by trial. It is
// shared by the producer (bench run) and the consumers (bench report, bench
// compare), so it holds data and the small, pure functions that read it, and
// no I/O beyond JSON encoding.
package results

import (
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/muxbench/muxbench/internal/server"
	"github.com/muxbench/muxbench/internal/version"
)

// SchemaVersion is the schema this bench writes; it is bumped when a field
// is added, changes meaning or is removed. Decode reads every schema from
// OldestSchema on: a field an older file lacks is left zero (nil).
//
//   - 1: the first.
//   - 2: Tool, the build that recorded the run; Trial.Index counts from 1
//     (schema 1 counted from 0: Decode renumbers).
//   - 3: each trial's histograms embedded (Trial.Histograms), the send lag,
//     clamp and merge-dropped counts, the machine calibration and steal,
//     both sides' window lengths, the run's stability and capacity curve.
//   - 4: how the generator's polling drivers were scheduled
//     (Quality.GeneratorSched).
const (
	SchemaVersion = 4
	OldestSchema  = 1
)

// Run is one invocation of bench run.
type Run struct {
	Schema   int       `json:"schema"`
	Label    string    `json:"label"`
	Started  time.Time `json:"started"`
	Finished time.Time `json:"finished"`
	// Command is the command line that produced the run.
	Command []string `json:"command"`
	// Tool is the build of bench that recorded the run: its module
	// version, VCS commit with a dirty flag, Go version and platform (nil
	// before schema 2).
	Tool    *version.Info `json:"tool,omitempty"`
	Machine Machine       `json:"machine"`
	Config  RunConfig     `json:"config"`
	// CountingOverhead is measured once per run: one cell with and without
	// syscall counting. Nil when counting was off or unavailable.
	CountingOverhead *Overhead `json:"counting_overhead,omitempty"`
	// Stability is how steady the machine was over the run (nil in runs
	// from before it was measured); Capacity the capacity curve (nil when
	// the profile does not search it).
	Stability *Stability `json:"stability,omitempty"`
	Capacity  *Capacity  `json:"capacity,omitempty"`
	Cells     []Cell     `json:"cells"`
	// Crossovers are the crossover searches run after the sweep (bench
	// crossover, make bench); their trials are the cells of scenario
	// ScenarioCrossover.
	Crossovers []Crossover `json:"crossovers,omitempty"`
	// Interrupted is set when the run was stopped early (SIGINT, a fatal
	// error); the cells present are complete, the rest never ran.
	Interrupted string `json:"interrupted,omitempty"`
}

// Machine describes where the run was measured.
type Machine struct {
	Hostname    string `json:"hostname"`
	Kernel      string `json:"kernel"`
	CPUModel    string `json:"cpu_model"`
	Cores       int    `json:"cores"`
	GoVersion   string `json:"go_version"`
	FdSoftLimit uint64 `json:"fd_soft_limit"`
	FdHardLimit uint64 `json:"fd_hard_limit"`
	// Perf says whether perf_event_open tracepoint counting worked, and
	// PerfReason why not when it did not.
	Perf       bool   `json:"perf"`
	PerfReason string `json:"perf_reason,omitempty"`
	// ServerCPU and LoadgenCPU are the CPUs the server child and the load
	// generator were pinned to; -1 when not pinned (PinReason says why).
	ServerCPU  int    `json:"server_cpu"`
	LoadgenCPU int    `json:"loadgen_cpu"`
	PinReason  string `json:"pin_reason,omitempty"`
	// IdleStates is how the CPUs idled while the run measured: polling
	// (a PM QoS request held, idlestate.Hold) or the OS's idle states, why,
	// and the cpuidle driver. Empty in runs before it was recorded.
	IdleStates string `json:"idle_states,omitempty"`
}

// Summary is the machine in one phrase, as the pages that are not a run's
// (reliability, crosscheck) name it under their title.
func (m Machine) Summary() string {
	return fmt.Sprintf("%s, %d cores, kernel %s, %s, fd limit %d/%d", m.CPUModel, m.Cores, m.Kernel, m.GoVersion, m.FdSoftLimit, m.FdHardLimit)
}

// RunConfig are the parameters of the matrix as run.
type RunConfig struct {
	Profile    string        `json:"profile"`
	Scenarios  []string      `json:"scenarios"`
	Backends   []string      `json:"backends"`
	Idle       []int         `json:"idle"`
	Active     []int         `json:"active"`
	Modes      []string      `json:"modes"`
	Rate       float64       `json:"rate,omitempty"` // total req/s offered in open mode
	Duration   time.Duration `json:"duration_ns"`
	Warmup     time.Duration `json:"warmup_ns"`
	Trials     int           `json:"trials"`
	MsgSize    int           `json:"msg_size"`
	Handler    string        `json:"handler"`
	SyscallsOn bool          `json:"syscall_counting"`
	// CountedTrials is the number of extra trials per cell run with perf
	// counting (0 when counting is off or unavailable); CountedDuration is
	// their window. The Trials timed trials run uncounted.
	CountedTrials   int           `json:"counted_trials,omitempty"`
	CountedDuration time.Duration `json:"counted_duration_ns,omitempty"`
	GoMaxProcs      int           `json:"netpoll_gomaxprocs"`
	// MinPooled is the replies an open-loop cell's trials are sized to
	// hold together; OpenDuration the open-loop window that gives them
	// (Duration when MinPooled is 0). Closed-loop windows, and those of
	// crossover probes in either mode, are Duration.
	MinPooled    int           `json:"min_pooled_samples,omitempty"`
	OpenDuration time.Duration `json:"open_duration_ns,omitempty"`
	// Scenario sizes the non-idle scenarios (nil: the idle sweep only).
	Scenario *ScenarioConfig `json:"scenario,omitempty"`
}

// Overhead is the measured cost of syscall counting.
type Overhead struct {
	Cell           CellKey `json:"cell"`
	ReqPerSecOn    float64 `json:"req_per_sec_on"`
	ReqPerSecOff   float64 `json:"req_per_sec_off"`
	P50UsOn        float64 `json:"p50_us_on"`
	P50UsOff       float64 `json:"p50_us_off"`
	CPUUsPerReqOn  float64 `json:"cpu_us_per_req_on"`
	CPUUsPerReqOff float64 `json:"cpu_us_per_req_off"`
}

// CellKey identifies a cell: backend × idle × active × mode × scenario.
type CellKey struct {
	Scenario string  `json:"scenario"`
	Backend  string  `json:"backend"`
	Idle     int     `json:"idle"`
	Active   int     `json:"active"`
	Mode     string  `json:"mode"` // "closed" or "open"
	Rate     float64 `json:"rate,omitempty"`
	MsgSize  int     `json:"msg_size"`
	Handler  string  `json:"handler"`
	// Rival is set on a crossover probe cell (Scenario ScenarioCrossover):
	// the backend its trials were paired with, round by round (the same
	// Trial.Index), so each search keeps cells of its own.
	Rival string `json:"rival,omitempty"`
}

// String is a compact, stable, human-readable cell name.
func (k CellKey) String() string {
	s := fmt.Sprintf("%s/%s/idle=%d/active=%d/%s", k.Scenario, k.Backend, k.Idle, k.Active, k.Mode)
	if k.Mode == "open" {
		s += fmt.Sprintf("@%g", k.Rate)
	}
	if k.Rival != "" {
		s += "/vs=" + k.Rival
	}
	return s
}

// Cell is one point of the matrix with all of its trials.
type Cell struct {
	CellKey
	// NA, when set, says why the cell could not run at all (select above
	// FD_SETSIZE, fd limit too low, ...); Trials is then empty.
	NA     string  `json:"na,omitempty"`
	Trials []Trial `json:"trials,omitempty"`
}

// Trial is one measurement of a cell.
type Trial struct {
	// Index numbers the cell's trials from 1, as every label shows them:
	// t1 in summary.md, cells.csv, the progress line and the .hlog name.
	// A counted trial follows the timed ones.
	Index   int       `json:"index"`
	Started time.Time `json:"started"`
	// Counted marks a trial whose server child ran under perf syscall
	// counting: its syscall figures are the ones reported, while its timing
	// figures (latency, req/s, CPU) carry the tracing cost and stay out of
	// the summaries. Uncounted trials give the timing figures.
	Counted bool `json:"counted,omitempty"`
	// Flags are validity gates that tripped (idle-short, rate-short,
	// loadgen-bound, verify-errors, errors, server-refused, server-exited,
	// error; the trust gates of quality.go; older runs may carry
	// loadgen-saturated). A flagged trial is kept in the file but never
	// averaged into a summary.
	Flags   []string `json:"flags,omitempty"`
	Error   string   `json:"error,omitempty"`
	Metrics Metrics  `json:"metrics"`
	// Hlog is the HdrHistogram interval log of the trial, relative to the
	// run directory.
	Hlog string `json:"hlog,omitempty"`
	// Histograms are the window's histograms themselves (nil in runs from
	// before they were kept, and for a trial that measured nothing).
	Histograms *Histograms `json:"histograms,omitempty"`
}

// Valid reports whether the trial counts in summaries: no error, no flag.
func (t Trial) Valid() bool { return len(t.Flags) == 0 && t.Error == "" }

// FlagLoadgenBound is the gate for a generator 95% busy or more over the
// window: it, not the server, set the pace.
const FlagLoadgenBound = "loadgen-bound"

// Bound reports whether the trial's only flag is loadgen-bound. Its rate
// is then a lower bound and its latency holds the generator's own
// queueing, but what the server spent on each request it was sent (its
// CPU, syscalls and context switches per request) is still the backend's
// cost at that rate: the metrics of the server's cost read such a trial
// (analysis.Metric.ServerCost), the rest leave it out.
func (t Trial) Bound() bool {
	return t.Error == "" && len(t.Flags) == 1 && t.Flags[0] == FlagLoadgenBound
}

// Latency is a latency distribution in microseconds.
type Latency struct {
	Mean  float64 `json:"mean_us"`
	P50   float64 `json:"p50_us"`
	P90   float64 `json:"p90_us"`
	P99   float64 `json:"p99_us"`
	P999  float64 `json:"p999_us"`
	P9999 float64 `json:"p9999_us"`
	Max   float64 `json:"max_us"`
}

// Metrics are the figures of one trial, over its measurement window only.
// A pointer field is nil when the figure is not available; the matching
// *NA string says why.
type Metrics struct {
	Requests    uint64  `json:"requests"`
	WindowSec   float64 `json:"window_sec"`
	ReqPerSec   float64 `json:"req_per_sec"`
	OfferedRate float64 `json:"offered_rate,omitempty"`
	// Latency is corrected for coordinated omission in open mode (measured
	// from the intended send time); Uncorrected is measured from the actual
	// send time, kept beside it as wrk2 does. Closed mode has only Latency.
	Latency     Latency  `json:"latency"`
	Uncorrected *Latency `json:"uncorrected,omitempty"`
	Quality

	ServerCPUUsPerReq  float64 `json:"server_cpu_us_per_req"`
	ServerUserUsPerReq float64 `json:"server_user_us_per_req"`
	ServerSysUsPerReq  float64 `json:"server_sys_us_per_req"`
	CtxSwitchesPerReq  float64 `json:"ctx_switches_per_req"`
	// LoadgenCPUUsPerReq holds, in open loop at widely spaced sends, the
	// driver's polling before each send (loadgen's spinAhead): the price
	// of sending on time, not of the server.
	LoadgenCPUUsPerReq float64 `json:"loadgen_cpu_us_per_req"`
	ServerRSSBytes     uint64  `json:"server_rss_bytes"`
	// LoadgenBusyPct and ServerBusyPct are the generator's and the server's
	// user+sys CPU over the window, in percent of the CPUs each may use (one
	// each when pinned).
	LoadgenBusyPct float64 `json:"loadgen_busy_pct,omitempty"`
	ServerBusyPct  float64 `json:"server_busy_pct,omitempty"`
	// LoadgenWaitPct and ServerWaitPct estimate the time each side's
	// busiest thread waited for its CPU behind other processes (schedstat
	// run delay less its own other threads' CPU; procstat.ForeignWait), in
	// percent of the window: near zero on pinned, otherwise idle CPUs; high
	// when something else on the machine took them (the cpu-contended gate).
	LoadgenWaitPct float64 `json:"loadgen_wait_pct,omitempty"`
	ServerWaitPct  float64 `json:"server_wait_pct,omitempty"`

	// ServerVoluntaryCtxSwitchesPerReq and ServerInvoluntaryCtxSwitchesPerReq
	// split CtxSwitchesPerReq (the server's, all threads, /proc task
	// status): a thread blocking, and a thread preempted while runnable.
	ServerVoluntaryCtxSwitchesPerReq   float64 `json:"server_voluntary_ctx_switches_per_req"`
	ServerInvoluntaryCtxSwitchesPerReq float64 `json:"server_involuntary_ctx_switches_per_req"`
	// ServerCPUOutsideLoopPct is the share, in percent, of the server's CPU
	// time (schedstat, all threads) spent on threads other than its busiest
	// one in the window. For the raw backends, io_uring and c_epoll the
	// busiest thread is the event loop's, so this is what the runtime and
	// any helper thread cost beside the loop; netpoll's goroutines move
	// between threads, so there it only says how evenly they spread.
	ServerCPUOutsideLoopPct float64 `json:"server_cpu_outside_loop_pct"`

	// SyscallsPerReq is counted by perf tracepoints on the server process
	// (all threads); SyscallsByName splits it (wait, read, write, epoll_ctl,
	// futex, other...).
	SyscallsPerReq *float64           `json:"syscalls_per_req,omitempty"`
	SyscallsByName map[string]float64 `json:"syscalls_by_name,omitempty"`
	SyscallsNA     string             `json:"syscalls_na,omitempty"`
	// SyscallsSource says where the syscall figures come from: "perf", or
	// "backend counters (why perf was not used)" for the raw backends.
	SyscallsSource string `json:"syscalls_source,omitempty"`
	// FleetDialSec is how long opening the idle fleet of this trial's server
	// child took (shared by the cells measured on that child).
	FleetDialSec float64 `json:"fleet_dial_sec,omitempty"`

	// Backend is the delta of the backend's own counters over the window.
	Backend server.Counters `json:"backend"`

	IdleRequested    int               `json:"idle_requested"`
	IdleEstablished  int               `json:"idle_established"`
	LivenessAnswered int               `json:"liveness_answered"`
	Errors           map[string]uint64 `json:"errors,omitempty"`
	// BytesVerified counts reply bytes checked (bulk); IdlePingsSent and
	// IdlePingsAnswered count the idle fleet's pings (heartbeat).
	BytesVerified     uint64 `json:"bytes_verified,omitempty"`
	IdlePingsSent     uint64 `json:"idle_pings_sent,omitempty"`
	IdlePingsAnswered uint64 `json:"idle_pings_answered,omitempty"`
}

// Read loads a run.json, rejecting files of a schema it does not know.
func Read(path string) (*Run, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Decode(b)
}

// Decode parses run.json bytes.
func Decode(b []byte) (*Run, error) {
	var r Run
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("not a muxbench run.json: %w", err)
	}
	if r.Schema < OldestSchema || r.Schema > SchemaVersion {
		return nil, fmt.Errorf("run.json schema %d, this bench reads schemas %d to %d", r.Schema, OldestSchema, SchemaVersion)
	}
	if r.Schema == 1 {
		r.renumberTrials()
	}
	return &r, nil
}

// renumberTrials counts a schema-1 run's trials from 1.
func (r *Run) renumberTrials() {
	for i := range r.Cells {
		for j := range r.Cells[i].Trials {
			r.Cells[i].Trials[j].Index++
		}
	}
}

// Encode renders r as indented JSON.
func (r *Run) Encode() ([]byte, error) {
	return json.MarshalIndent(r, "", "  ")
}
