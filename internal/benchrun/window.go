package benchrun

import (
	"math"
	"time"

	"github.com/muxbench/muxbench/internal/results"
)

// openWindow is the window of an open-loop timed trial. A tail percentile
// is only as good as the samples beyond it: the cell's pooled p99 rests on
// 100 of them when its valid trials hold 10,000 replies. A closed loop's
// rate is the backend's own, but an open loop's is the offered one, so its
// window can be sized to get MinPooled samples over Trials trials: at
// 2,000 req/s and 5 trials, 1 s for 10,000 (DefaultMinPooled). Never
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

// timedWindow is the window of a timed trial of cell k. A crossover probe
// keeps Duration in either mode: its search decides on the median of many
// paired rounds' ratios, within a time budget, and publishes no pooled
// tail, so longer windows would only buy fewer rounds.
func (o *Options) timedWindow(k results.CellKey) time.Duration {
	if k.Mode == "open" && k.Rival == "" {
		return o.openWindow()
	}
	return o.Duration
}
