package analysis

import (
	"fmt"
	"sort"
	"strings"

	hdr "github.com/HdrHistogram/hdrhistogram-go"

	"github.com/muxbench/muxbench/internal/results"
)

// FlaggedTrial is a trial left out of the summary, and why.
type FlaggedTrial struct {
	Index   int
	Counted bool
	Flags   []string
	Error   string
}

// Reason is the flags and error as one phrase.
func (f FlaggedTrial) Reason() string {
	parts := append([]string(nil), f.Flags...)
	if f.Error != "" {
		parts = append(parts, "error: "+f.Error)
	}
	return strings.Join(parts, ", ")
}

// CellSummary is a cell reduced to one Stat per metric.
type CellSummary struct {
	results.CellKey
	NA string // the cell never ran
	// Trials and Valid count the timed trials (all trials in a run without
	// counted ones); Counted and CountedValid the counted trials; Bound and
	// CountedBound those of each kind flagged only loadgen-bound, which
	// the server cost metrics read beside the valid ones.
	Trials       int
	Valid        int
	Bound        int
	Counted      int
	CountedValid int
	CountedBound int
	Flagged      []FlaggedTrial
	Stats        map[string]Stat // by Metric.Name
	// Busy is the generator's and the server's CPU share (%) over the
	// window, from the timed trials.
	Busy [2]Stat
	// MinRequests is the fewest requests a valid trial's window held: a
	// per-request count can move by a few events at a window's edges, by
	// about that many divided by this.
	MinRequests uint64
	// Hists are the merged histograms (nanoseconds) of the valid timed
	// trials, by kind (HistLatency, ...); a kind is absent when a trial
	// did not keep it.
	Hists map[string]*hdr.Histogram
}

// Stat returns the named metric's summary (a zero Stat with a reason when
// the name is unknown).
func (c CellSummary) Stat(name string) Stat {
	if s, ok := c.Stats[name]; ok {
		return s
	}
	return Stat{NA: "unknown metric " + name}
}

// Summarize reduces a cell over its valid trials only (a server cost
// metric also over those flagged only loadgen-bound: Metric.Keeps), each
// metric over the trials of its Source; flagged trials are listed, never
// averaged in. Latency percentiles come from the pooled histogram of the
// valid timed trials where they kept one (pool.go).
func Summarize(c results.Cell) CellSummary {
	cs := CellSummary{CellKey: c.CellKey, NA: c.NA, Stats: map[string]Stat{}}
	var valid, kept []results.Trial
	for _, t := range c.Trials {
		cs.count(t)
		if t.Valid() || t.Bound() {
			kept = append(kept, t)
		}
		if t.Valid() {
			valid = append(valid, t)
			if cs.MinRequests == 0 || t.Metrics.Requests < cs.MinRequests {
				cs.MinRequests = t.Metrics.Requests
			}
			continue
		}
		cs.Flagged = append(cs.Flagged, FlaggedTrial{Index: t.Index, Counted: t.Counted, Flags: t.Flags, Error: t.Error})
	}
	cs.Hists = pools(valid, cs.Counted > 0)
	for _, m := range Metrics {
		st := cs.summarizeMetric(m, kept)
		if spec, ok := pooledMetrics[m.Name]; ok {
			st = pooledStat(st, spec, cs.Hists)
		}
		cs.Stats[m.Name] = st
	}
	for i, m := range busyMetrics {
		cs.Busy[i] = cs.summarizeMetric(m, kept)
	}
	return cs
}

func (c *CellSummary) count(t results.Trial) {
	run, valid, bound := &c.Trials, &c.Valid, &c.Bound
	if t.Counted {
		run, valid, bound = &c.Counted, &c.CountedValid, &c.CountedBound
	}
	*run++
	if t.Valid() {
		*valid++
	}
	if t.Bound() {
		*bound++
	}
}

// cellReason is why metric m of the cell has no figure, if that is so.
func (c CellSummary) cellReason(m Metric) string {
	trials, valid, kind := c.Trials, c.Valid, "timed trials"
	bound := c.Bound
	of := func(f FlaggedTrial) bool { return !f.Counted }
	switch {
	case m.Source == FromCounted && c.Counted > 0:
		trials, valid, kind, bound = c.Counted, c.CountedValid, "counted trials", c.CountedBound
		of = func(f FlaggedTrial) bool { return f.Counted }
	case m.Source != FromTimed:
		trials, valid, kind, bound = c.Trials+c.Counted, c.Valid+c.CountedValid, "trials", c.Bound+c.CountedBound
		of = func(FlaggedTrial) bool { return true }
	}
	if m.ServerCost {
		valid += bound
	}
	switch {
	case c.NA != "":
		return c.NA
	case trials == 0:
		return "no " + kind
	case valid == 0:
		return fmt.Sprintf("all %d %s flagged (%s)", trials, kind, c.flagReasons(of))
	}
	return ""
}

// flagReasons lists the distinct reasons of the flagged trials that of
// picks (the kind of trial a metric is read from).
func (c CellSummary) flagReasons(of func(FlaggedTrial) bool) string {
	reasons := map[string]bool{}
	for _, f := range c.Flagged {
		if of(f) {
			reasons[f.Reason()] = true
		}
	}
	return strings.Join(sortedKeys(reasons), "; ")
}

func (c CellSummary) summarizeMetric(m Metric, valid []results.Trial) Stat {
	if why := c.cellReason(m); why != "" {
		return Stat{NA: why}
	}
	var vals []float64
	reason := ""
	for _, t := range valid {
		if !m.Keeps(t) || !m.Source.Uses(t, c.Counted > 0) {
			continue
		}
		v, why := m.Value(t)
		if why != "" {
			reason = why
			continue
		}
		vals = append(vals, v)
	}
	if len(vals) == 0 {
		return Stat{NA: reason}
	}
	return newStat(vals)
}

// SummarizeRun summarises every cell, in the run's order.
func SummarizeRun(run *results.Run) []CellSummary {
	out := make([]CellSummary, 0, len(run.Cells))
	for _, c := range run.Cells {
		out = append(out, Summarize(c))
	}
	return out
}

func sortedKeys(m map[string]bool) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
