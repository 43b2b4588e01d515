// Package reactor is the one event loop the four raw backends share: accept,
// read, handler call, direct write, pending output, backpressure and close,
// written once. A backend supplies only a Poller (select, poll, or epoll in
// level- or edge-triggered mode); the loop branches on the poller's mode in
// two places only, the read loop and write interest.
//
// Work per turn is bounded: a connection gets one capped read burst or one
// Handle call per turn (a handler that yields, handler.ErrYield, is called
// again on the next turn, or once its paused output drains), so every other
// ready connection and a stop are served in between. A connection the
// handler ends closes lingering (server.LingerTime). The loop keeps
// deadlines only for that and for a deferred accept; otherwise its wait has
// no deadline. It waits raw first, keeping its P, for at most 10 ms, and
// only then the Go scheduler's way (wait_linux.go says why, and why that
// cannot deadlock).
//
// The loop runs on a single goroutine locked to its OS thread and owns every
// counter as a plain integer: other goroutines get a snapshot by waking the
// loop through an eventfd and waiting for its answer. Its syscalls that
// cannot block (read, write, accept4, epoll_ctl, the eventfd's) are raw
// (package rawsys): they never enter the Go scheduler, so sysmon cannot
// retake the loop's P in the middle of one.
//
// Files: loop (the turn, events, ready list), conn (reading and the handler
// call), output (writes, backpressure, interest), close (ending and
// lingering), accept, timers, wait (how the loop blocks), errno (every
// errno decision), listen, server (the server.Server around the loop).
package reactor
