package report

import (
	"fmt"
	"io"
)

// columnGuide explains each column of the tables in words.
var columnGuide = [][2]string{
	{"idle", "connections open to the server that send nothing during the window"},
	{"trials", "valid / run timed trials (no syscall counting: the latency, req/s, CPU and busy figures), then + valid / run counted trials (perf counting on: the syscalls/req figure; perf costs the server about 1 µs per syscall, so their timing is kept in run.json only); only valid trials enter the figures, and for the server's cost figures also those flagged loadgen-bound alone, counted as +Nb"},
	{"req/s", "requests completed per second over the measurement window (warm-up excluded)"},
	{"p50, p99, p99.9", "request latency percentiles, scaled to µs or ms, read from the merged histogram of the cell's valid timed trials (1 ns resolution; steps under 0.1%), the min–max of the trials' own percentiles beside them; in open-loop mode measured from the intended send time (coordinated omission corrected). `[56 beyond]` after a figure: only 56 samples lie above it (fewer than 100), so it rests on few samples. `hlog/CELL.hgrm` holds each cell's whole pooled distribution"},
	{"uncorr p50/p99", "open loop only: the same requests' latency from their actual send time, as wrk2 keeps it beside the corrected one (pooled, µs)"},
	{"lag p50/p99", "open loop only: the generator's send lag, actual − intended send time (pooled, µs); corrected ≈ uncorrected + lag request by request, so this is the share of the corrected figure the generator's own lateness makes (generator-late when it made a tenth or more of the corrected p50 or p99, corrected − uncorrected, which the lag's own p99 does not bound: a few sends a millisecond late move the p99 but not the lag p99); a narrow open-loop table shows its p99 as lag p99, in the place of req/s (the offered rate its heading names), and the run's machine-stability line says how much of it is the machine's own hiccups"},
	{"CPU/req", "server user+sys CPU time per request (µs, or ns below 1 µs), all threads, from /proc/PID/stat"},
	{"syscalls/req", "server syscalls per request, counted by perf tracepoints on the server process in the counted trials; n/a when the kernel refused"},
	{"loop syscalls/req", "syscalls the event loop itself made per request (waits, epoll_ctl, reads, writes, accepts), from the backend's own counters: deterministic, what bench compare checks strictly"},
	{"wakeups/req", "calls to the readiness wait (select, poll, epoll_wait) per request, from the backend's own counters"},
	{"fds scanned/req", "descriptors the loop examined after its waits, per request: every watched fd for select and poll, only the ready ones for epoll"},
	{"vol ctxsw/req, invol ctxsw/req", "wide tables: the server's voluntary (a thread blocked) and involuntary (preempted while runnable) context switches per request, all threads, from /proc/PID/task/*/status"},
	{"outside loop (%)", "wide tables: the share of the server's CPU spent on threads other than its busiest one, the event loop's (the Go runtime's own threads, for a Go backend)"},
	{"req/s vs C", "raw backends only (select, poll, epoll_lt, epoll_et, io_uring): the backend's median req/s ÷ c_epoll's median req/s in the same group and idle count of this run (1.0× is the C floor's throughput); n/a where c_epoll did not run there (the profiles run it at idle 0 and 1,000 only) or was not built"},
	{"busy % gen/srv", "median CPU share of the load generator and of the server over the window, in percent of the one CPU each is pinned to"},
	{"flags", "validity gates that tripped for a trial; such a trial is excluded from every figure, but for loadgen-bound alone (below). A narrow table names a list longer than 20 characters by a code, [f1], whose text follows the table. idle-short (idle connections lost), rate-short (open loop achieved under 95% of the offered rate), loadgen-bound (the generator's CPU was 95% busy or more, whatever the backend: it set the pace, so the throughput is a lower bound and the latency holds its own queueing; a trial with no other flag still gives the server's cost per request, CPU, syscalls and context switches, which the trials column counts as b, as in 0+5b/5), cpu-contended (the generator's or the server's busiest thread waited for its pinned CPU behind other processes for 10% or more of the window), machine-slow (a calibration workload timed twice in a row on a pinned CPU before the window ran, the faster of the two, more than 20% slower than the run's fast end there (its 10th-percentile calibration), or steal took more than 3% of the window: a slow or shared machine), generator-late (open loop: the corrected p50 or p99 was a tenth or more above the uncorrected one, so the generator's own lateness made that much of it), server-saturated (open loop: the server had work for 95% of the window or more, so its CPU/req is the window over the rate, not its cost), window-skew (the server's or the generator's view of the window differed from the counted one by more than 1%), hist-dropped (the histograms lost or clamped values), verify-errors, errors, server-refused, server-exited, error"},
	{"capacity", "per backend and idle count, the highest offered open-loop rate at which the corrected p99 stayed under the objective (1 ms by default), the rate was achieved and nothing failed, from a bounded search of short probes (≥ N: even the largest rate searched met it; ≥ N lg: the generator was 95% busy or more at the next rate, so the search stopped, the backend sustaining more than one generator CPU offers; < N: not even the smallest did)"},
	{"machine stability", "the calibration workload's min/median/max time on each pinned CPU over the run, the steal time over every window, and the trials flagged machine-slow"},
	{"n/a", "the cell or figure could not be measured; the reason is listed under the table (select above FD_SETSIZE, fd limit, counting unavailable)"},
	{"N*, 95% CI", "the crossover search's answer: the idle count from which epoll_et is at least the margin better than the rival in that metric, read off a Theil–Sen line through the log ratios of every paired round across the bracket, and its interval (\"(wide)\": it reaches beyond ±30% of N*, the budget ran out first)"},
	{"bracket", "the largest idle count where the win was decided false and the smallest where it was decided true (each point at 99%, so the bracket holds N* at 95% over all of them); N* and its interval never leave it"},
	{"model N̂*", "where the sweep's cost model (Theil–Sen lines fitted near the answer) put N*, the search's first probe: a guess, not the answer"},
	{"rounds, flagged", "paired rounds the search ran at points of its own (the sweep's points add theirs), and its trials left out by a gate, of all it ran"},
	{"b", "the cost model's slope (b: ns/watched fd/wakeup, b: ns/idle conn/req): CPU per request per watched fd per wakeup (against the fds the loop scanned) or per idle connection, in ns, with Sen's 95% interval, over the idle counts it was fitted on"},
	{"✓ ≈ ~ ✗ ?", "the sweep's points judged with benchmath's Mann–Whitney test and the 95% interval of the ratio: better beyond the margin, within it, no significant difference, worse beyond it, too few trials"},
}

func writeColumnGuide(w io.Writer) {
	for _, c := range columnGuide {
		fmt.Fprintf(w, "- **%s**: %s.\n", c[0], c[1])
	}
	fmt.Fprintf(w, "- Figures are `median (min–max)` over valid trials; a single figure means one valid trial or no spread.\n")
}
