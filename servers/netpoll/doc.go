// Package netpoll is the reference backend built on Go's net package: one
// goroutine per connection doing blocking Read and Write, with the runtime's
// poller (epoll, edge-triggered, registered once per fd) underneath.
//
// It serves the same handler.Handler as the raw event-loop backends, so the
// difference in a measurement is the multiplexing model. What it cannot see
// it does not guess: the runtime's epoll_wait calls, interest changes and
// EAGAINs are hidden, so those counters are zero and named in
// Counters.Unsupported. Reads and Writes count net.Conn Read and Write calls,
// one syscall each in the common case (a Read that finds no data costs an
// extra read(2) that returns EAGAIN before the goroutine parks; a Write that
// fills the socket buffer costs more than one write(2)).
//
// Backpressure is the blocking Write: while it blocks, that connection's
// goroutine does not read, so the pending output of a connection never
// exceeds the replies of one Handle call (a handler that would answer more
// yields, handler.ErrYield, and is called again once they are written).
package netpoll
