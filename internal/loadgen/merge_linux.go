package loadgen

import "time"

// newResult is the Result a window fills: its fixed fields and the
// histograms the workloads' recorders are merged into (open mode keeps an
// uncorrected one beside the corrected).
func newResult(mode Mode, active, loops int, offered float64) *Result {
	res := &Result{Mode: mode, Active: active, Loops: loops, Hist: NewHistogram(), LateHist: NewHistogram()}
	if mode == Open {
		res.OfferedRate = offered
		res.UncorrectedHist, res.LagHist = NewHistogram(), NewHistogram()
	}
	return res
}

// addRecorder adds one workload's counts and histograms into res.
func addRecorder(res *Result, r *recorder) {
	res.Sent += r.sent
	res.Received += r.received
	res.LateReplies += r.lateReplies
	res.Clamped += r.clamped
	res.Errors.add(r.errors)
	res.MergeDropped += res.Hist.Merge(r.latency) + res.LateHist.Merge(r.late)
	if res.UncorrectedHist != nil && r.uncorrected != nil {
		res.MergeDropped += res.UncorrectedHist.Merge(r.uncorrected) + res.LagHist.Merge(r.lag)
	}
	res.MergeDropped += mergeIntervals(res, r.windowIntervals())
}

// finish derives the figures that need every workload's counts: the
// requests lost, the achieved rate (in the window only) and the latency
// summaries.
func finish(res *Result, stopped error) {
	if stopped != nil {
		res.Stopped = stopped.Error()
	}
	res.Lost = res.Sent - min(res.Received+res.LateReplies, res.Sent)
	if res.Window > 0 {
		res.ReqPerSec = float64(res.Received) / res.Window.Seconds()
	}
	res.Latency = Summarize(res.Hist)
	if res.UncorrectedHist != nil {
		u, l := Summarize(res.UncorrectedHist), Summarize(res.LagHist)
		res.Uncorrected, res.Lag = &u, &l
	}
	if res.LateReplies > 0 {
		l := Summarize(res.LateHist)
		res.Late = &l
	}
}

// mergeIntervals adds one driver's intervals into res's, by index (every
// driver's interval k covers the same second of the window; the last one
// ends where the window ended). Empty intervals past an early end stay out.
func mergeIntervals(res *Result, ivs []interval) (dropped int64) {
	end := res.Started.Add(res.Window)
	for k, iv := range ivs {
		for len(res.Intervals) <= k {
			start := res.Started.Add(time.Duration(len(res.Intervals)) * hlogInterval)
			if !start.Before(end) && iv.latency.TotalCount() == 0 {
				return dropped
			}
			m := Interval{Start: start, End: intervalEnd(start, end), Latency: NewHistogram()}
			if res.UncorrectedHist != nil {
				m.Uncorrected = NewHistogram()
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

// intervalEnd is where the interval starting at start ends: a second
// later, or at the window's end when that comes first.
func intervalEnd(start, windowEnd time.Time) time.Time {
	e := start.Add(hlogInterval)
	if windowEnd.After(start) && windowEnd.Before(e) {
		return windowEnd
	}
	return e
}
