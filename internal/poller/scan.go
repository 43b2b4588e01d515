package poller

import "github.com/muxbench/muxbench/internal/reactor"

// Scan is the bookkeeping of a poller that keeps its interest sets in user
// memory and scans them after each wait (select, poll): its counters, that it
// reports levels, that it owns no fd, and a rotating scan start. Used by the
// loop goroutine only, like the poller embedding it.
//
// The rotation keeps a level-triggered scan fair. A wait that finds more
// ready entries than its event buffer holds stops early; were the next scan
// to start at entry 0 again, it would report the same entries and starve
// the rest for as long as those stay ready. The next scan starts where this
// one stopped instead, so every ready entry is reported within
// ceil(ready/len(events)) waits (epoll gets the same by moving reported fds
// to the tail of its ready list).
type Scan struct {
	stats reactor.PollerStats
	next  int // entry the next scan starts at
}

// EdgeTriggered is false: select and poll report levels.
func (s *Scan) EdgeTriggered() bool { return false }

// Stats returns the poller's counters.
func (s *Scan) Stats() reactor.PollerStats { return s.stats }

// Close has nothing to release.
func (s *Scan) Close() error { return nil }

// Changed counts an interest change, made in user memory: no syscall.
func (s *Scan) Changed() { s.stats.InterestChanges++ }

// Waited counts a wait syscall (each EINTR retry is one).
func (s *Scan) Waited() { s.stats.WaitCalls++ }

// Start returns the entry a scan over n entries begins at: where the last
// scan stopped, or 0 once the set has shrunk below it.
func (s *Scan) Start(n int) int {
	if s.next >= n {
		return 0
	}
	return s.next
}

// Scanned records a scan that examined walked entries, reported got of
// them, and stopped before entry next (where the next scan starts).
func (s *Scan) Scanned(walked, got, next int) {
	s.stats.FdsScanned += uint64(walked)
	s.stats.EventsReturned += uint64(got)
	s.next = next
}
