package loadgen

import (
	"time"

	hdr "github.com/HdrHistogram/hdrhistogram-go"
)

// recorder is one workload's measurement state: it is owned by that
// workload's thread during a run and read only after the run has ended.
// It decides, for every workload alike, what counts inside the window: a
// reply that completes before the window's end is in the window (counted,
// in the histograms and intervals); one that completes after it, while
// the workload drains, is late (counted apart, its latency in a histogram
// of its own), so the counts cover the span the server's snapshots cover.
type recorder struct {
	latency     *hdr.Histogram // corrected in open mode
	uncorrected *hdr.Histogram // open mode only
	// lag, open mode only, is the send lag: how late each request left
	// after its intended time (actual − intended send), the generator's
	// own delay, which the corrected latency charges to the server.
	lag  *hdr.Histogram
	late *hdr.Histogram // the late replies, measured as latency is
	// intervals are every interval histogram made so far, the first used
	// of them the current window's.
	intervals []interval
	used      int
	// The window's edges on the driver's clock.
	startNs, endNs int64
	sent           uint64
	received       uint64
	lateReplies    uint64
	// clamped counts values outside the histograms' range, recorded at
	// its bound.
	clamped uint64
	errors  Errors
}

// interval is one second of a workload's window, for the hlog.
type interval struct {
	latency     *hdr.Histogram
	uncorrected *hdr.Histogram
}

func newRecorder(open bool) *recorder {
	r := &recorder{latency: NewHistogram(), late: NewHistogram()}
	if open {
		r.uncorrected, r.lag = NewHistogram(), NewHistogram()
	}
	return r
}

// reset clears r for a window from startNs to endNs. Its intervals are
// all open afterwards, made by prepare before the window (a histogram
// costs a 216 KiB allocation, which inside the window would stall the
// driver thread and feed the garbage collector) or, failing that, here.
func (r *recorder) reset(startNs, endNs int64) {
	r.latency.Reset()
	r.late.Reset()
	if r.uncorrected != nil {
		r.uncorrected.Reset()
		r.lag.Reset()
	}
	for i := range r.intervals {
		r.intervals[i].reset()
	}
	r.used = 0
	r.startNs, r.endNs = startNs, endNs
	r.sent, r.received, r.lateReplies, r.clamped, r.errors = 0, 0, 0, 0, Errors{}
	if endNs > startNs {
		r.intervalAt(endNs - 1)
	}
}

// prepare makes the interval histograms a window of d needs (a window's
// histograms are otherwise made by reset, as it opens).
func (r *recorder) prepare(d time.Duration) { r.grow(int((d + hlogInterval - 1) / hlogInterval)) }

// grow makes interval histograms until there are n.
func (r *recorder) grow(n int) {
	for len(r.intervals) < n {
		iv := interval{latency: NewHistogram()}
		if r.uncorrected != nil {
			iv.uncorrected = NewHistogram()
		}
		r.intervals = append(r.intervals, iv)
	}
}

// inWindow reports whether something that happens at now counts in the
// window.
func (r *recorder) inWindow(now int64) bool { return now < r.endNs }

// intervalAt returns the hlog interval holding time now, opening intervals
// up to it: one histogram per second per driver, never per request. A
// window's intervals are all open once reset has run; a later window
// reuses them.
func (r *recorder) intervalAt(now int64) *interval {
	k := int(max(now-r.startNs, 0) / int64(hlogInterval))
	r.grow(k + 1)
	r.used = max(r.used, k+1)
	return &r.intervals[k]
}

// windowIntervals are the intervals of the current window.
func (r *recorder) windowIntervals() []interval { return r.intervals[:r.used] }

func (iv *interval) reset() {
	iv.latency.Reset()
	if iv.uncorrected != nil {
		iv.uncorrected.Reset()
	}
}

// add records v in h, counting it when it had to be clamped.
func (r *recorder) add(h *hdr.Histogram, v int64) {
	if record(h, v) {
		r.clamped++
	}
}

// observe records one reply completed at now: corrected from the intended
// send time, and uncorrected from the actual send time (the same in closed
// mode), with the send lag between the two; a late one only in the late
// histogram.
func (r *recorder) observe(now, intended, sent int64) {
	if !r.inWindow(now) {
		r.lateReplies++
		r.add(r.late, now-intended)
		return
	}
	r.received++
	iv := r.intervalAt(now)
	r.add(r.latency, now-intended)
	record(iv.latency, now-intended)
	if r.uncorrected != nil {
		r.add(r.uncorrected, now-sent)
		record(iv.uncorrected, now-sent)
		r.add(r.lag, sent-intended)
	}
}
