// Package poller is the home of the three pollers behind the raw backends,
// each implementing the contract written above reactor.Poller:
//
//	internal/poller/select  select(2): two fd_sets, scanned up to the highest fd
//	internal/poller/poll    poll(2): a pollfd array kept between waits
//	internal/poller/epoll   epoll(7), level- or edge-triggered by a Mode, and
//	                        the low-level epoll Instance every epoll user shares
//
// This package itself holds what select and poll share (Scan): their
// counters and a rotating scan start, so that a wait whose event buffer
// fills up does not report the same fds every time.
// The contract tests in this directory run over every poller.
package poller
