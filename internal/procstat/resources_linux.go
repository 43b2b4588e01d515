package procstat

import (
	"fmt"
	"os"
	"strings"
)

// Resources is what a process holds at one moment: a server's footprint,
// sampled before and after the clients of a scenario or a soak.
type Resources struct {
	Fds int `json:"fds"`
	// Sockets counts the fds that are sockets: listeners and connections.
	// A leak shows here; other fds can appear once, like the Go runtime's
	// own poller (an eventpoll and an eventfd) on its first pipe write.
	Sockets  int   `json:"sockets"`
	Threads  int   `json:"threads"`
	RSSBytes int64 `json:"rss_bytes"`
}

// Sub returns r - base, field by field (a drift).
func (r Resources) Sub(base Resources) Resources {
	return Resources{Fds: r.Fds - base.Fds, Sockets: r.Sockets - base.Sockets, Threads: r.Threads - base.Threads, RSSBytes: r.RSSBytes - base.RSSBytes}
}

// ReadResources reads pid's open fds (and how many are sockets), live
// threads and RSS from /proc.
func ReadResources(pid int) (Resources, error) {
	dir := fmt.Sprintf("/proc/%d/fd", pid)
	fds, err := os.ReadDir(dir)
	if err != nil {
		return Resources{}, fmt.Errorf("counting fds of pid %d: %w", pid, err)
	}
	sockets := 0
	for _, fd := range fds {
		// An fd closed since ReadDir has no link: it is simply not counted.
		if l, err := os.Readlink(dir + "/" + fd.Name()); err == nil && strings.HasPrefix(l, "socket:") {
			sockets++
		}
	}
	s, err := Read(pid)
	if err != nil {
		return Resources{}, err
	}
	return Resources{Fds: len(fds), Sockets: sockets, Threads: s.Threads, RSSBytes: int64(s.RSSBytes)}, nil
}
