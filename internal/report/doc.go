// Package report turns a results.Run into what people read: terminal
// tables, summary.md, cells.csv, SVG and PNG plots, the crossover answer,
// and the published results/README.md.
//
// Bench run and bench report call one entry:
//
//	report.Write(dir, run, os.Stdout)
//
// which writes dir/summary.md, dir/cells.csv and dir/plots/<group>.{svg,png}
// and prints the per-group tables and the answer to the writer. Publish
// writes the README of a published run.
//
// The numbers come from package analysis (cell summaries, the metric
// catalogue, the crossover); report only renders them. Every figure is
// summarised over a cell's valid trials only: the median and the min–max
// spread. Flagged trials are listed beside the figures, never averaged in;
// a cell that could not run is shown as "n/a — reason".
//
// The crossover: for each scenario, mode and active count, the smallest idle
// count from which epoll_et's p99 latency and its server CPU per request are
// both at least 10% below the rival's (poll, select) at every larger idle
// count compared. A rival cell that cannot run counts as a win by default and
// is said so; idle counts where a figure is missing neither make nor break
// the crossover.
//
// Plots put idle connections on a log axis. Zero has no place there, so
// idle = 0 is drawn one decade left of the smallest non-zero idle count,
// its tick labelled "0", and the axis label says so.
package report
