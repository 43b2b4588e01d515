// Package export writes a run in formats other tools read. Benchstat is
// the Go benchmark format (golang.org/x/perf/benchfmt), for benchstat:
//
//	Unit p50-latency-ns better=lower
//	goos: linux
//	cpu: Intel(R) Xeon(R) Processor @ 2.50GHz
//	commit: 0123456789abcdef...
//	BenchmarkEcho/backend=poll/idle=100/active=1/mode=closed/msg=64 2956 9853 req/s 25599 p50-latency-ns ...
//
// The name is the scenario, then every dimension of the cell as key=value
// (backend, idle, active, mode, rate in open mode, msg for the message
// size, handler where it is not the scenario's own), so benchstat can
// project on any of them: -col /backend, -row /idle, -filter /mode:open.
// The iteration count is the requests in the trial's window.
//
// Each valid trial is one line, so benchstat sees each trial as a sample
// (its median, interval and Mann–Whitney test need 4 or more per side, and
// a smoke run has 1). A trial flagged by a validity gate is left out, as
// from every summary; a cell without a valid trial writes no line. A
// counted trial (run under perf) gives the syscall figures, the timed
// trials the timing figures, as in the tables.
//
// Units are the ones benchstat scales: times in ns ("p99-latency-ns",
// "cpu-ns/req"), which benchstat shows as seconds with a prefix (µ, m),
// rates in "/s", sizes in "B" (binary prefixes). Each unit carries
// "better=" metadata; the error count also "assume=exact", since any
// error is a fact, not noise. The per-request counts of the event loop
// (loop syscalls, wakeups, fds scanned) are exact up to the window's
// edges, so they keep benchstat's default assumption: with assume=exact
// benchstat would warn on every row about a spread of a few in ten
// thousand.
//
// The file configuration is the machine and the build: goos, goarch, pkg,
// cpu, kernel, go (the toolchain) and commit (with "+dirty" for a modified
// tree). benchstat makes a table per configuration, so two runs compare
// side by side only where these agree; comparing two builds takes
// -ignore commit, two machines -ignore cpu,kernel (and go, when the
// toolchains differ). A key the run did not record (goarch and commit
// before schema 2) is left out rather than guessed.
package export
