package soak

import (
	"time"

	"github.com/muxbench/muxbench/internal/loadgen"
	"github.com/muxbench/muxbench/internal/procstat"
)

// Options are one soak.
type Options struct {
	// Duration is the load time per backend; Interval the sampling period.
	Duration, Interval time.Duration
	Idle, Active       int
	Backends           []string
	// Exe is the bench binary the server children run.
	Exe string
}

// Sample is one reading of the server during the soak.
type Sample struct {
	At        time.Duration      `json:"at_ns"`
	Resources procstat.Resources `json:"server"`
	Active    uint64             `json:"active_conns"`
}

// Result is one backend's soak.
type Result struct {
	Backend  string             `json:"backend"`
	Baseline procstat.Resources `json:"baseline"`
	Peak     procstat.Resources `json:"peak"`
	Final    procstat.Resources `json:"final"`
	Drift    procstat.Resources `json:"drift"`
	Samples  []Sample           `json:"samples"`
	Requests uint64             `json:"requests"`
	Errors   loadgen.Errors     `json:"errors"`
	Idle     int                `json:"idle_held"`
	// IdleRequested is the fleet asked for (select's is capped, see Note).
	IdleRequested int    `json:"idle_requested"`
	Note          string `json:"note,omitempty"`
	Err           string `json:"error,omitempty"`
}

// BackToBaseline: no socket left behind and no request failed.
func (r *Result) BackToBaseline() bool {
	return r.Err == "" && r.Drift.Sockets == 0 && r.Errors.Verify() == 0
}

// peak keeps the largest of each resource seen.
func (r *Result) peak(res procstat.Resources) {
	r.Peak.Fds, r.Peak.Sockets = max(r.Peak.Fds, res.Fds), max(r.Peak.Sockets, res.Sockets)
	r.Peak.Threads, r.Peak.RSSBytes = max(r.Peak.Threads, res.Threads), max(r.Peak.RSSBytes, res.RSSBytes)
}
