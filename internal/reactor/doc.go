// Package reactor is the one event loop the four raw backends share: accept,
// read, handler call, direct write, pending output, backpressure and close,
// written once. A backend supplies only a Poller (select, poll, or epoll in
// level- or edge-triggered mode); the loop branches on the poller's mode in
// two places only, the read loop and write interest.
//
// The loop runs on a single goroutine locked to its OS thread and owns every
// counter as a plain integer: other goroutines get a snapshot by waking the
// loop through an eventfd and waiting for its answer.
package reactor
