// Package analysis turns measured trials into the numbers the tool states:
// per-cell summaries, the metric catalogue, and the crossover of epoll
// against its rivals. It renders nothing; report draws tables, plots and
// Markdown from what it returns, and compare gates CI on it.
//
// The contract, for every function here:
//   - Only valid trials count. Summarize lists flagged trials beside the
//     figures and never averages them in; a figure that cannot be had is a
//     Stat with N = 0 and a reason in NA, never a guessed zero.
//   - Each metric of the catalogue (Metrics) names the trials it is read
//     from (Source): timing from uncounted trials, perf's syscall counts
//     from counted ones, the backend's own counters from both.
//   - Statistics come from golang.org/x/perf/benchmath, what benchstat
//     uses: Median is its sample median (the mean of the middle two for an
//     even count). Intervals are at Confidence (95%) and tests significant
//     below Alpha (0.05).
//   - Compare is the one comparison of two samples: benchmath's
//     Mann–Whitney U test (AssumeNothing), each side's median with its
//     interval, and B ÷ A with the interval that goes with the test
//     (Hodges–Lehmann, Moses). Judge applies a margin: Better or Worse
//     only when the test is significant and the whole interval lies beyond
//     the margin. Samples too small for the test to ever be significant
//     (MinTrials: 4 per side at 0.05) are Undecided, with a sentence
//     saying so, never a verdict.
//   - The cost model fits metric = A + B·N per backend with Theil–Sen
//     (FitLine), robust to a stray trial; FitNear fits only the idle
//     counts around a point, since poll's cost per fd changes with N.
//     Sen's slope interval takes the larger of the rank test's null
//     variance and its jackknife estimate, so it holds when noise grows
//     with the figure. PredictCrossover solves subject(N) = (1 − margin)
//     · rival(N) from local fits; FdCostOf reads ns per watched fd per
//     wakeup from a fit against fds scanned per request (TrialObs).
//     Extrapolate projects the cost past the machine's fd limit from the
//     fit near the largest idle count measured, with its interval, and
//     marks every such figure Extrapolated.
//   - Search finds N* per metric by measuring, through an Oracle that
//     runs trials (no I/O here): from the model's N̂* (one start per
//     metric, Starts) it brackets N* between a decided loss and a decided
//     win, then bisects on the log scale. It may start from points
//     measured before it (Known: the sweep's cells, paired by pass).
//     Trials come in paired rounds in random order, at least 10 a point,
//     more while undecided, within a trial and time budget, each metric
//     given an even share of what is left. A point is a win only when the
//     interval of subject ÷ rival lies wholly below 1 − margin; points
//     are decided at 99% so that the bracket holds N* at 95% over all of
//     them. With Paired, a point is judged on its rounds' ratios
//     (PairedAt: the median ratio with benchmath's distribution-free
//     interval, the sign test), which cancels the drift both trials of a
//     round share (another process's load, the CPU's clock). A backend
//     that cannot run ends the search there, reported as such, never as
//     a win. The bracket is conservative; RatioFit reads N* and its 95%
//     interval, within the bracket, off a Theil–Sen line through the log
//     ratios of every paired round across it, unsettled points included.
package analysis
