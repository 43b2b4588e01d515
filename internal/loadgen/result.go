package loadgen

import (
	"time"

	hdr "github.com/HdrHistogram/hdrhistogram-go"
)

// Result is what one Run measured over its window.
type Result struct {
	Mode   Mode `json:"mode"`
	Active int  `json:"active"`
	Loops  int  `json:"loops"`
	// OfferedRate is the open-mode schedule in requests/s (0 in closed mode).
	OfferedRate float64   `json:"offered_rate,omitempty"`
	Started     time.Time `json:"started"`
	// Window is the measured time: the requested duration, or less when
	// the run stopped early (Stopped says why).
	Window time.Duration `json:"window_ns"`
	// Elapsed is the window as the runner saw it: from its opening to the
	// moment it saw it close (its timer, a stop), before the End hook.
	// Later than Window by the runner's wake-up; a skew of the window's
	// edges shows here.
	Elapsed time.Duration `json:"elapsed_ns"`
	Stopped string        `json:"stopped,omitempty"`
	// Sent counts requests enqueued in the window. Received counts the
	// replies verified for them that completed inside the window (every one
	// recorded in Latency): the same span as the server's window
	// snapshots. LateReplies counts those verified after the window's end,
	// while the generator drained (a closed-loop connection always has one
	// in flight at the end; an overloaded server has its backlog); Lost
	// those never answered: given up with a failed connection, cut off by
	// an early stop, or past the timeout in the drain. Sent = Received +
	// LateReplies + Lost.
	Sent        uint64 `json:"sent"`
	Received    uint64 `json:"received"`
	LateReplies uint64 `json:"late_replies"`
	Lost        uint64 `json:"lost"`
	// ReqPerSec is Received over Window: what the server achieved inside
	// the window.
	ReqPerSec float64 `json:"req_per_sec"`
	// Latency is from the intended send time in open mode (corrected for
	// coordinated omission), from the send in closed mode; Uncorrected,
	// open mode only, is from the actual send. Both cover the replies in
	// the window only. Late is the latency of the late replies, measured
	// the same way as Latency and kept apart from it (nil when none).
	Latency     Summary  `json:"latency"`
	Uncorrected *Summary `json:"uncorrected,omitempty"`
	// Lag, open mode only, is the send lag of the window's replies: actual
	// − intended send time, the generator's own lateness (Latency ≈
	// Uncorrected + Lag, request by request).
	Lag    *Summary `json:"send_lag,omitempty"`
	Late   *Summary `json:"late,omitempty"`
	Errors Errors   `json:"errors"`
	// MergeDropped counts values lost merging the per-driver histograms
	// (always 0 unless something is badly wrong; reported, not assumed).
	// Clamped counts values outside the histograms' range (0..60 s),
	// recorded at its bound: the latency they stand for is not what the
	// histogram says.
	MergeDropped int64  `json:"merge_dropped"`
	Clamped      uint64 `json:"hist_clamped"`
	// Realtime says how the drivers that poll before their sends were
	// scheduled (realtime_linux.go): "SCHED_FIFO", or the kernel's refusal;
	// "" when none polls.
	Realtime string `json:"realtime,omitempty"`
	// Connections counts connections completed in the window (churn: one
	// per request); BytesVerified counts reply bytes checked (bulk).
	Connections   uint64          `json:"connections,omitempty"`
	BytesVerified uint64          `json:"bytes_verified,omitempty"`
	CPU           CPU             `json:"loadgen_cpu"`
	IdlePing      *IdlePingReport `json:"idle_ping,omitempty"`

	// Hist, UncorrectedHist and LagHist are the merged histograms of the
	// window's replies (nanoseconds), LateHist that of the late ones;
	// Intervals the merged one-second intervals of the window, for an hlog.
	Hist            *hdr.Histogram `json:"-"`
	UncorrectedHist *hdr.Histogram `json:"-"`
	LagHist         *hdr.Histogram `json:"-"`
	LateHist        *hdr.Histogram `json:"-"`
	Intervals       []Interval     `json:"-"`
}

// CPU is the generator process's own CPU time over the window, and its
// user+sys time per request in microseconds.
type CPU struct {
	User     time.Duration `json:"user_ns"`
	Sys      time.Duration `json:"sys_ns"`
	UsPerReq float64       `json:"us_per_req"`
}

// Interval is one second of the window, merged over drivers; the last
// ends with the window, so it may be shorter.
type Interval struct {
	Start       time.Time
	End         time.Time
	Latency     *hdr.Histogram
	Uncorrected *hdr.Histogram
}

// Failure names why the run must count as failed ("" when it passed):
// a verification error of any kind, or an early stop.
func (r *Result) Failure() string {
	switch {
	case r.Errors.Verify() > 0:
		return "verification failed"
	case r.Stopped != "":
		return r.Stopped
	}
	return ""
}

// firstErr is the first non-nil error of errs.
func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}
