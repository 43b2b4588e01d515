// Package report turns a results.Run into what people read: terminal
// tables, summary.md, cells.csv, SVG and PNG plots, the crossover answer,
// and the published results/README.md.
//
// Bench run and bench report call one entry:
//
//	report.Write(dir, run, os.Stdout)
//
// which writes dir/summary.md, dir/tables-wide.md, dir/cells.csv and
// dir/plots/<group>.{svg,png} (with each group's percentile spectrum,
// dir/plots/<group>-spectrum.{svg,png}) and prints the per-group tables and the
// answer to the writer (WriteLayout picks the tables' Layout: --wide).
// Publish writes the README of a published run, with tables-wide.md
// beside it.
//
// Every table fits 120 columns by default (Layout Narrow, tables.go):
// medians alone, times scaled to µs or ms, and what does not fit a cell
// (an n/a reason, a long flag list) in a note below the table (notes.go);
// the wide tables add every column and the min–max spreads. The raw
// backends' "req/s vs C" column sets them against the C floor (vsc.go).
//
// The numbers come from package analysis (cell summaries, the metric
// catalogue, the comparisons, the cost model, the search); report only
// renders them. Every figure is
// summarised over a cell's valid trials only: the median and the min–max
// spread. Flagged trials are listed beside the figures, never averaged in;
// a cell that could not run is shown as "n/a — reason".
//
// The answer (answer.go) is the crossover searches' (Run.Crossovers): per
// pair, active count and metric, N* with its 95% interval read off the
// paired rounds, the bracket of decided points, or why there is none (no
// difference up to N, the rival cannot run from N, undecided); a rival
// that cannot run is never a win. Then the cost model (costmodel.go):
// local Theil–Sen slopes of CPU per request, per watched fd per wakeup and
// per idle connection, and the extrapolation past the fd limit, labelled
// as such; then the sweep's points judged with analysis.Compare. A run
// without a search gets the model's guess, labelled a guess. Then
// io_uring against epoll_et at 1, 16 and 256 active (uring.go), judged
// with analysis.Compare. Scenario findings state analysis.Compare's
// verdicts too.
//
// Plots put idle connections on a log axis. Zero has no place there, so
// idle = 0 is drawn a decade below the smallest non-zero idle count (the
// searches' probes included), its tick labelled "0", and the axis label
// says so. The CPU/req and p99 panels draw each backend's local fits and
// each search's N* with its interval as a band (plotfit.go).
package report
