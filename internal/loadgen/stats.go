package loadgen

import (
	"time"

	hdr "github.com/HdrHistogram/hdrhistogram-go"
)

// Histogram range: 1 µs to 60 s in nanoseconds, 3 significant digits.
// Values outside are clamped before recording (a value the histogram
// rejected would cost an allocation for the error and lose the sample).
const (
	histLowest  = int64(time.Microsecond)
	histHighest = int64(60 * time.Second)
	histDigits  = 3
	// hlogInterval is the length of one interval in the hlog.
	hlogInterval = time.Second
)

func newHist() *hdr.Histogram { return hdr.New(histLowest, histHighest, histDigits) }

func record(h *hdr.Histogram, ns int64) {
	// RecordValue cannot fail once the value is clamped into range.
	_ = h.RecordValue(min(max(ns, 0), histHighest))
}

// Summary is a latency distribution in microseconds.
type Summary struct {
	Count uint64  `json:"count"`
	Mean  float64 `json:"mean_us"`
	P50   float64 `json:"p50_us"`
	P90   float64 `json:"p90_us"`
	P99   float64 `json:"p99_us"`
	P999  float64 `json:"p999_us"`
	P9999 float64 `json:"p9999_us"`
	Max   float64 `json:"max_us"`
}

// Summarize reads h (nanoseconds) as microseconds.
func Summarize(h *hdr.Histogram) Summary {
	us := func(ns int64) float64 { return float64(ns) / 1e3 }
	return Summary{
		Count: uint64(h.TotalCount()),
		Mean:  h.Mean() / 1e3,
		P50:   us(h.ValueAtQuantile(50)),
		P90:   us(h.ValueAtQuantile(90)),
		P99:   us(h.ValueAtQuantile(99)),
		P999:  us(h.ValueAtQuantile(99.9)),
		P9999: us(h.ValueAtQuantile(99.99)),
		Max:   us(h.Max()),
	}
}

// recorder is one driver's measurement state: it is owned by that driver's
// thread during a run and read only after the run has ended.
type recorder struct {
	latency     *hdr.Histogram // corrected in open mode
	uncorrected *hdr.Histogram // open mode only
	intervals   []interval
	startNs     int64 // the window's start on the driver's clock
	sent        uint64
	received    uint64
	errors      Errors
}

// interval is one second of a driver's window, for the hlog.
type interval struct {
	latency     *hdr.Histogram
	uncorrected *hdr.Histogram
}

func newRecorder(open bool) *recorder {
	r := &recorder{latency: newHist()}
	if open {
		r.uncorrected = newHist()
	}
	return r
}

// reset clears r for a window starting at startNs.
func (r *recorder) reset(startNs int64) {
	r.latency.Reset()
	if r.uncorrected != nil {
		r.uncorrected.Reset()
	}
	r.intervals = r.intervals[:0]
	r.startNs = startNs
	r.sent, r.received, r.errors = 0, 0, Errors{}
}

// intervalAt returns the hlog interval holding time now, opening intervals
// as time passes: one histogram per second per driver, never per request.
func (r *recorder) intervalAt(now int64) *interval {
	k := int(max(now-r.startNs, 0) / int64(hlogInterval))
	for len(r.intervals) <= k {
		iv := interval{latency: newHist()}
		if r.uncorrected != nil {
			iv.uncorrected = newHist()
		}
		r.intervals = append(r.intervals, iv)
	}
	return &r.intervals[k]
}

// observe records one reply: corrected from the intended send time, and
// uncorrected from the actual send time (the same in closed mode).
func (r *recorder) observe(now, intended, sent int64) {
	r.received++
	iv := r.intervalAt(now)
	record(r.latency, now-intended)
	record(iv.latency, now-intended)
	if r.uncorrected != nil {
		record(r.uncorrected, now-sent)
		record(iv.uncorrected, now-sent)
	}
}
