// Package benchrun is `bench run`: it measures the backend × idle × active
// × mode matrix, one server child per backend and idle count, and produces
// a results.Run (run.json) plus one HdrHistogram log per cell and trial.
//
// How one trial is measured. The server is a child process (`bench serve
// --control`), started from a thread pinned to the server CPU so it inherits
// that CPU before exec (its Go runtime then sizes itself to one CPU), and,
// when perf is available, with syscall counters attached at its exec stop so
// every thread it ever creates is counted (see syscount). The generator, this
// process, is pinned to another CPU. The idle fleet is dialed once per child;
// each cell dials its own active connections, warms up (discarded), and
// measures a window whose edges are hooked: at the start the backend's
// counters are read over the control pipe, then /proc and the perf
// counters; at the end the same in reverse order, so the control round
// trips stay outside the window's CPU and syscall figures. After the window
// every idle connection is probed (liveness sweep).
//
// Validity gates become trial flags (idle-short, rate-short,
// loadgen-saturated, verify-errors, errors, server-refused, server-exited,
// error); a cell that cannot run at all (select above FD_SETSIZE, the fd
// limit) is n/a with the reason and the numbers. Trials are interleaved
// across backends (A B C A B C) so drift spreads over all of them.
package benchrun
