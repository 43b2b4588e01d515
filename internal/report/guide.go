package report

import (
	"fmt"
	"io"
)

// columnGuide explains each column of the tables in words.
var columnGuide = [][2]string{
	{"idle", "connections open to the server that send nothing during the window"},
	{"trials", "valid / run timed trials (no syscall counting: the latency, req/s, CPU and busy figures), then + valid / run counted trials (perf counting on: the syscalls/req figure; perf costs the server about 1 µs per syscall, so their timing is kept in run.json only); only valid trials enter the figures"},
	{"req/s", "requests completed per second over the measurement window (warm-up excluded)"},
	{"p50, p99, p99.9", "request latency percentiles in µs; in open-loop mode measured from the intended send time (coordinated omission corrected)"},
	{"CPU/req", "server user+sys CPU time per request in µs, all threads, from /proc/PID/stat"},
	{"syscalls/req", "server syscalls per request, counted by perf tracepoints on the server process in the counted trials; n/a when the kernel refused"},
	{"loop syscalls/req", "syscalls the event loop itself made per request (waits, epoll_ctl, reads, writes, accepts), from the backend's own counters: deterministic, what bench compare checks strictly"},
	{"wakeups/req", "calls to the readiness wait (select, poll, epoll_wait) per request, from the backend's own counters"},
	{"fds scanned/req", "descriptors the loop examined after its waits, per request: every watched fd for select and poll, only the ready ones for epoll"},
	{"busy % gen/srv", "median CPU share of the load generator and of the server over the window, in percent of the one CPU each is pinned to"},
	{"flags", "validity gates that tripped for a trial (idle-short, rate-short, loadgen-bound: the generator's CPU was saturated while the server still had idle CPU, cpu-contended: the generator's or the server's busiest thread waited for its pinned CPU behind other processes for 10% or more of the window, verify-errors, errors, server-refused, server-exited, error); such a trial is excluded"},
	{"n/a", "the cell or figure could not be measured; the reason is listed under the table (select above FD_SETSIZE, fd limit, counting unavailable)"},
	{"N*, 95% CI", "the crossover search's answer: the idle count from which epoll_et is at least the margin better than the rival in that metric, read off a Theil–Sen line through the log ratios of every paired round across the bracket, and its interval (\"(wide)\": it reaches beyond ±30% of N*, the budget ran out first)"},
	{"bracket", "the largest idle count where the win was decided false and the smallest where it was decided true (each point at 99%, so the bracket holds N* at 95% over all of them); N* and its interval never leave it"},
	{"model N̂*", "where the sweep's cost model (Theil–Sen lines fitted near the answer) put N*, the search's first probe: a guess, not the answer"},
	{"rounds, flagged", "paired rounds the search ran at points of its own (the sweep's points add theirs), and its trials left out by a gate, of all it ran"},
	{"b", "the cost model's slope: CPU µs per request per watched fd per wakeup (against the fds the loop scanned) or per idle connection, in ns, with Sen's 95% interval, over the idle counts it was fitted on"},
	{"✓ ≈ ~ ✗ ?", "the sweep's points judged with benchmath's Mann–Whitney test and the 95% interval of the ratio: better beyond the margin, within it, no significant difference, worse beyond it, too few trials"},
}

func writeColumnGuide(w io.Writer) {
	for _, c := range columnGuide {
		fmt.Fprintf(w, "- **%s**: %s.\n", c[0], c[1])
	}
	fmt.Fprintf(w, "- Figures are `median (min–max)` over valid trials; a single figure means one valid trial or no spread.\n")
}
