// Package compare matches the cells of two runs and decides, metric by
// metric, whether the new run regressed: what bench compare prints and
// what CI gates on.
//
// A noisy metric (latency, CPU, throughput) regresses when its median moves
// the wrong way by more than the threshold AND the two runs' min–max spreads
// do not overlap, so one unlucky trial does not fail a build. A
// deterministic count (the event loop's syscalls, wakeups and fds scanned
// per request, errors)
// regresses when it moves the wrong way by more than a small tolerance,
// whatever the spread. A cell that ran in the old run and is n/a in the new
// one is a regression of the cell itself.
package compare
