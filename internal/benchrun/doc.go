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
// Timing and counting are separate trials: perf's raw_syscalls tracepoint
// costs the server about 1 µs per syscall (a fifth of an echo round trip's
// CPU), so each cell gets Trials timed trials on uncounted children (the
// latency, throughput and CPU figures) plus one counted trial (the syscall
// figures), interleaved like the others; the counted trial's timing stays
// in run.json, marked Counted, and out of the summaries.
//
// Validity gates become trial flags (idle-short, rate-short,
// loadgen-bound, cpu-contended, verify-errors, errors, server-refused,
// server-exited, error) and so do the trust gates (trust_linux.go:
// machine-slow from a calibration timed on each pinned CPU before the
// window and the CPUs' steal over it, generator-late from the share of
// the corrected latency the send lag made, server-saturated, window-skew,
// hist-dropped); a cell that cannot run at all (select above FD_SETSIZE,
// the fd limit) is n/a with the reason and the numbers. Each trial keeps
// its histograms in run.json; a profile may also search the capacity
// curve (capacity_linux.go) on the last timed pass's children. Trials are interleaved
// across backends (A B C A B C) so drift spreads over all of them.
//
// Scenarios (Profile.Scenarios; `idle` is the sweep above) show where epoll
// does not win, each as its own cells (CellKey.Scenario) on one child per
// backend and pass: all-active (no idle connections, 1–256 active, the
// sweep's cell measurement), churn (loadgen.Churn: a new connection per
// request, the client closing first from 127.0.0.x sources), bulk
// (loadgen.Bulk against an rpc child: large replies read at a bounded rate)
// and heartbeat (the idle fleet pinging at Poisson-spaced times during the
// window). They pass the same gates; the report gives each a table, a plot
// and a finding computed from the run.
//
// Crossover searches (Profile.Crossovers: bench crossover, and make bench
// for the headline pairs) run after the sweep, one after another, each
// within its time budget. A search starts from the sweep: the cost model
// fitted on its valid trials gives N̂* per metric, and its cells, their
// timed trials paired by pass, are the first points (analysis.Search with
// Known). The search's Oracle (prober) measures paired rounds at the idle
// counts it picks through measureCell, so a probe trial is a trial like a
// sweep cell's: the same child protocol, pinning, warm-up, window and
// gates, uncounted. Each backend keeps one child and fleet while the
// search stays at an idle count (both fleets at once where the fd limit
// allows), and the rounds alternate between them. Every probe trial is
// kept in a cell of its own (scenario crossover, CellKey.Rival naming
// the backend it was paired with, Trial.Index the round); a flagged trial
// gives the search no figure and is counted in the search's record
// (Run.Crossovers), which also holds each metric's N*, bracket, probes
// and why the search stopped.
package benchrun
