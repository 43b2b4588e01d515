package benchrun

import (
	"math"
	"time"
)

// openWindow is the window of an open-loop timed trial. A tail percentile
// is only as good as the samples beyond it: the cell's pooled p99 rests on
// 100 of them when its valid trials hold 10,000 replies. A closed loop's
// rate is the backend's own, but an open loop's is the offered one, so its
// window can be sized to get MinPooled samples over Trials trials: at
// 2,000 req/s and 3 trials, 1.7 s instead of 1 s (about 2.3 more minutes
// over the default matrix, which is why default leaves it off). Never
// shorter than Duration; Duration itself when MinPooled is 0.
func (o *Options) openWindow() time.Duration {
	if o.MinPooled <= 0 || o.Rate <= 0 || o.Trials < 1 {
		return o.Duration
	}
	perTrial := float64(o.MinPooled) / float64(o.Trials) / o.Rate
	// Rounded up to 100 ms, so the window reads plainly in run.json.
	need := time.Duration(math.Ceil(perTrial*10)) * 100 * time.Millisecond
	return max(o.Duration, need)
}

// timedWindow is the window of a timed trial of a cell in mode.
func (o *Options) timedWindow(mode string) time.Duration {
	if mode == "open" {
		return o.openWindow()
	}
	return o.Duration
}
