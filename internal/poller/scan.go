package poller

import "github.com/muxbench/muxbench/internal/reactor"

// Scan is the bookkeeping of a poller that keeps its interest sets in user
// memory and scans them after each wait (select, poll): its counters, that it
// reports levels and that it owns no fd. Used by the loop goroutine only,
// like the poller embedding it.
type Scan struct {
	stats reactor.PollerStats
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

// Scanned records a scan that examined walked entries and reported got of
// them.
func (s *Scan) Scanned(walked, got int) {
	s.stats.FdsScanned += uint64(walked)
	s.stats.EventsReturned += uint64(got)
}
