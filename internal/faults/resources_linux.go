//go:build linux

package faults

import (
	"fmt"
	"os"

	"github.com/muxbench/muxbench/internal/procstat"
)

// Resources is what a server process holds at one moment.
type Resources struct {
	Fds      int   `json:"fds"`
	Threads  int   `json:"threads"`
	RSSBytes int64 `json:"rss_bytes"`
}

// Sub returns r - base, field by field (a drift).
func (r Resources) Sub(base Resources) Resources {
	return Resources{Fds: r.Fds - base.Fds, Threads: r.Threads - base.Threads, RSSBytes: r.RSSBytes - base.RSSBytes}
}

// ReadResources reads pid's open fds, live threads and RSS from /proc.
func ReadResources(pid int) (Resources, error) {
	fds, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid))
	if err != nil {
		return Resources{}, fmt.Errorf("counting fds of pid %d: %w", pid, err)
	}
	s, err := procstat.Read(pid)
	if err != nil {
		return Resources{}, err
	}
	return Resources{Fds: len(fds), Threads: s.Threads, RSSBytes: int64(s.RSSBytes)}, nil
}
