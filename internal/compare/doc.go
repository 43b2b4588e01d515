// Package compare matches the cells of two runs and decides, metric by
// metric, whether the new run regressed: what bench compare prints and
// what CI gates on.
//
// A noisy metric (latency, CPU, throughput) is judged by analysis.Compare
// over the two cells' valid trials: the Mann–Whitney U test of benchmath
// and the 95% interval of new ÷ old. It regresses only when the change is
// significant at 0.05 AND the whole interval lies beyond the threshold on
// the worse side, so one unlucky trial does not fail a build. "~" is no
// significant change; with fewer trials than the test needs (4 per side)
// the row says "not enough trials to decide (n=3, need ≥ 4)" and never
// fails. A deterministic count (the event loop's syscalls, wakeups and fds
// scanned per request, errors) regresses when its median moves the wrong
// way by more than a small tolerance plus what the window edges can add,
// whatever the spread. A cell that ran in the old run and is n/a in the
// new one is a regression of the cell itself.
package compare
