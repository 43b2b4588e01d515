//go:build linux

package loadgen

import "time"

// merge combines the drivers' recorders into one Result.
func (g *Generator) merge(started time.Time, window time.Duration, stopped error) *Result {
	res := &Result{Mode: g.cfg.Mode, Active: g.cfg.Active, Loops: len(g.drivers),
		Started: started, Window: window, Hist: newHist()}
	if g.cfg.Mode == Open {
		res.OfferedRate = g.cfg.Rate
		res.UncorrectedHist = newHist()
	}
	if stopped != nil {
		res.Stopped = stopped.Error()
	}
	for _, d := range g.drivers {
		r := d.rec
		res.Sent += r.sent
		res.Received += r.received
		res.Errors.add(r.errors)
		res.MergeDropped += res.Hist.Merge(r.latency)
		if res.UncorrectedHist != nil {
			res.MergeDropped += res.UncorrectedHist.Merge(r.uncorrected)
		}
		res.MergeDropped += mergeIntervals(res, r.intervals)
	}
	res.Lost = res.Sent - min(res.Received, res.Sent)
	if window > 0 {
		res.ReqPerSec = float64(res.Received) / window.Seconds()
	}
	res.Latency = Summarize(res.Hist)
	if res.UncorrectedHist != nil {
		u := Summarize(res.UncorrectedHist)
		res.Uncorrected = &u
	}
	return res
}

// mergeIntervals adds one driver's intervals into res's, by index (every
// driver's interval k covers the same second of the window).
func mergeIntervals(res *Result, ivs []interval) (dropped int64) {
	for k, iv := range ivs {
		for len(res.Intervals) <= k {
			start := res.Started.Add(time.Duration(len(res.Intervals)) * hlogInterval)
			m := Interval{Start: start, End: start.Add(hlogInterval), Latency: newHist()}
			if res.UncorrectedHist != nil {
				m.Uncorrected = newHist()
			}
			res.Intervals = append(res.Intervals, m)
		}
		dropped += res.Intervals[k].Latency.Merge(iv.latency)
		if iv.uncorrected != nil && res.Intervals[k].Uncorrected != nil {
			dropped += res.Intervals[k].Uncorrected.Merge(iv.uncorrected)
		}
	}
	return dropped
}
