package loadgen

import (
	"time"

	hdr "github.com/HdrHistogram/hdrhistogram-go"
)

// Histogram range: 0 to 60 s in nanoseconds, 3 significant digits, with a
// lowest discernible value of 1 ns. That resolution makes hdrhistogram-go's
// unit magnitude 0: a value v is recorded within 2^floor(log2(v))/1024 of
// itself, under 0.1% at any size (10 µs moves in 8 ns steps, not the 512 ns
// a 1 µs lowest value gave). A histogram of this range takes 216 KiB.
// Values outside are clamped before recording (a value the histogram
// rejected would cost an allocation for the error and lose the sample) and
// counted as clamped, so a figure that was cut is never silent.
const (
	histLowest  = 1
	histHighest = int64(60 * time.Second)
	histDigits  = 3
	// hlogInterval is the length of one interval in the hlog.
	hlogInterval = time.Second
)

// NewHistogram is an empty histogram of loadgen's range and precision, for
// figures another client measured (the cross-check's sockperf).
func NewHistogram() *hdr.Histogram { return hdr.New(histLowest, histHighest, histDigits) }

// record adds one value to h and reports whether it had to be clamped
// into the histogram's range.
func record(h *hdr.Histogram, ns int64) (clamped bool) {
	v := min(max(ns, 0), histHighest)
	// RecordValue cannot fail once the value is clamped into range.
	_ = h.RecordValue(v)
	return v != ns
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
