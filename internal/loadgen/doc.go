// Package loadgen is muxbench's load generator: it holds a fleet of idle
// connections, drives a few active ones, verifies every echoed byte and
// measures latency in HDR histograms. It targets any TCP echo server.
//
// # API
//
// A bench cell uses the two-phase API so it can snapshot the server's
// counters exactly at the edges of the measurement window:
//
//	g, err := loadgen.Dial(ctx, loadgen.Config{
//		Addrs: addrs, Idle: n, Active: k, Mode: loadgen.Closed})
//	// err: *LimitError (idle+active+FdMargin > RLIMIT_NOFILE, checked
//	// before any connect), *ConnectError (server unreachable), or a
//	// config error. Dial raises the fd soft limit to the hard one.
//	defer g.Close()
//	fl := g.Fleet()                         // idle Requested vs Established
//	g.Run(ctx, warmup, nil)                 // warm-up: discard the result
//	res, err := g.Run(ctx, d, &loadgen.Hooks{Start: snap0, End: snap1})
//	sw := g.Sweep(ctx)                      // idle liveness: Answered of Probed
//
// Run always returns a Result with what was measured; a non-nil error says
// the window ended early (ctx cancelled, the server gone: a replacement
// connection was refused) and Result.Stopped repeats it. Result.Failure()
// is non-empty when the run must count as failed (any verification error,
// or an early stop).
//
// Result holds count, req/s (achieved inside the window, and OfferedRate
// in open mode), the replies that came after the window (LateReplies and
// their own Late latency, kept out of the window's figures),
// Latency (and, in open mode, Uncorrected and the send Lag: actual −
// intended send time, the generator's own lateness) as Summary in µs
// (mean, p50, p90, p99, p99.9, p99.99, max), errors by kind, the
// generator's own CPU (getrusage RUSAGE_SELF over the window, µs per
// request), and the merged histograms (Hist, UncorrectedHist, LagHist, in
// nanoseconds, 0..60 s at 1 ns resolution and 3 digits: steps under 0.1%;
// values outside are clamped and counted as Clamped) and the window's
// Intervals (a second each, the last ending with the window); WriteHlog
// writes those as an HdrHistogram interval log (the latency untagged),
// WriteTable and WriteJSON render a Report.
//
// # How it drives
//
// Every connection is a raw non-blocking socket. The active connections are
// split over Config.Loops driver threads (default 1), each a locked OS
// thread with its own epoll instance (edge-triggered, input and output
// registered once) doing write → epoll_wait → read: about three syscalls
// and no allocation per request. Closed mode keeps one request in flight per
// connection. Open mode gives connection i the requests i, i+K, i+2K, ...
// of one constant-rate schedule; a request is timed from its intended send
// time (coordinated-omission corrected) and from its actual send time
// (uncorrected); when the server falls behind, requests queue on the
// connection (pipelined, up to 4096) and the schedule keeps its times.
// A driver's histograms are its own and merged after the window (Merge's
// dropped count is reported as MergeDropped).
//
// The generator keeps its own tail out of the figures: nothing is
// allocated inside a window (its histograms are made before, and a
// collection runs just before it opens), and while the Go scheduler has a
// P to spare the workload threads wait raw (epoll.Instance.WaitPreciseRaw), so
// the runtime's monitor thread, which shares the generator's one CPU,
// does not inspect every wait.
//
// A request is an 8-byte sequence number and a pattern; replies are checked
// byte by byte as they arrive. A wrong byte (mismatch), a reply cut short
// by a timeout or a close (short), a reply for a later request (reorder),
// a timeout or a close by the peer closes the connection and opens a
// replacement; the run goes on and the fault is counted by kind. The
// replacement connects without blocking, watched by the thread's epoll
// instance, so a connect that waits for a SYN retransmit stalls no other
// connection; one that fails, or has not completed within the timeout,
// means the server is gone.
//
// # One window runner
//
// Every workload (a driver's active connections, the idle pings, churn,
// bulk, ping-pong) is measured by one function, runWindow
// (window_linux.go, where the workload contract is written): it calls the
// hooks at the window's edges, takes the generator's CPU over the window,
// stops on ctx or a lost server, lets each workload drain after the window
// and assembles the Result. A workload supplies only its own traffic.
//
// # Churn and bulk
//
// Churn (ChurnConfig) opens, uses once and closes connections: connect,
// one request, verify the echo, close (the client first, so TIME_WAIT stays
// in the generator; spread it over SourceAddrs). Bulk (BulkConfig) asks an
// rpc server for large replies (handler.AppendRPCRequest) and reads them at
// a bounded rate, checking every header and body byte. Both run one window
// on one locked thread and return a Result (Connections, BytesVerified).
//
// # JSON
//
// Report is the --json file. Its "schema" field is ReportSchema and "tool"
// the build that measured (module version, VCS commit, dirty flag). One
// unit convention holds for every field, and the field's name ends in it:
// spans of time (the window, the warm-up, timeouts, ping intervals, the
// fleet's and the sweep's elapsed time, the generator's user and sys CPU)
// are integer nanoseconds, "_ns", as Go's time.Duration and run.json's
// configuration write them; latency figures and per-request costs are
// microseconds, "_us" and "us_per_req", as run.json's metrics. A file
// without a schema field is schema 1, which wrote the duration, warm-up
// and CPU times in seconds (duration_sec, warmup_sec, user_sec, sys_sec).
//
// The idle fleet is opened in parallel (non-blocking connects, at most 256
// in flight, Config.ConnectRate per second when set), round-robin over the
// addresses and source addresses, and held on one level-triggered epoll
// instance that the idle pings (Config.IdlePing) and the sweep use.
package loadgen
