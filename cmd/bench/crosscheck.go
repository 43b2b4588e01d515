package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"github.com/muxbench/muxbench/internal/registry"
	"io"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/muxbench/muxbench/internal/affinity"
	"github.com/muxbench/muxbench/internal/loadgen"
	"github.com/muxbench/muxbench/internal/report"
)

// bench crosscheck measures every backend twice on the same server child:
// with loadgen's ping-pong driver and with Debian's sockperf, both speaking
// sockperf's framing to the sockperf handler, one message in flight. Two
// independent clients agreeing on a latency is a check of the harness's own
// measurement; where they differ, the table shows by how much.
func init() {
	register(command{
		name:    "crosscheck",
		summary: "loadgen's latency beside sockperf's, on the same server child",
		run:     func(args []string) int { return crossCheck(args, os.Stdout, os.Stderr) },
	})
}

type crossFlags struct {
	backends, out, sockperf string
	duration                time.Duration
	msgSize                 int
}

// crossRow is one backend's two measurements.
type crossRow struct {
	backend  string
	gen      *loadgen.Result
	sock     sockperfFigures
	err      string
	sockNote string
}

func crossCheck(args []string, stdout, stderr io.Writer) int {
	f, err := parseCross(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if err != nil {
		return fail(exitBadArgs, "crosscheck: %v", err)
	}
	sockperf, err := exec.LookPath(f.sockperf)
	if err != nil {
		return fail(exitFailed, "crosscheck: sockperf not found (%v): apt-get install sockperf", err)
	}
	exe, err := os.Executable()
	if err != nil {
		return fail(exitFailed, "crosscheck: %v", err)
	}
	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer cancel()
	pinNote := "generator and sockperf on CPU 0, server on CPU 1"
	if err := affinity.Pin([]int{0}); err != nil {
		pinNote = "not pinned: " + err.Error()
	}
	var rows []crossRow
	for _, b := range splitList(f.backends) {
		fmt.Fprintf(stderr, "crosscheck: %s...\n", b)
		rows = append(rows, crossOne(ctx, exe, sockperf, b, f))
		if ctx.Err() != nil {
			return fail(exitFailed, "crosscheck: interrupted")
		}
	}
	var md bytes.Buffer
	writeCross(&md, rows, f, pinNote)
	stdout.Write(md.Bytes())
	if f.out != "" {
		if err := os.WriteFile(f.out, md.Bytes(), 0o644); err != nil {
			return fail(exitFailed, "crosscheck: %v", err)
		}
	}
	for _, r := range rows {
		if r.err != "" {
			return exitFailed
		}
	}
	return exitOK
}

func parseCross(args []string, stderr io.Writer) (crossFlags, error) {
	var f crossFlags
	fs := flag.NewFlagSet("crosscheck", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&f.backends, "backends", strings.Join(registry.Names(), ","), "comma list of backends")
	fs.DurationVar(&f.duration, "duration", 2*time.Second, "each client's measurement (sockperf rounds up to whole seconds)")
	fs.IntVar(&f.msgSize, "msg-size", 64, "message size in bytes, header included (sockperf -m; at least 14)")
	fs.StringVar(&f.sockperf, "sockperf", "sockperf", "the sockperf binary")
	fs.StringVar(&f.out, "out", "", "also write the Markdown table to this file")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(stderr, "usage: bench crosscheck [--backends LIST] [--duration 2s] [--msg-size 64] [--out FILE]")
			fs.SetOutput(stderr)
			fs.PrintDefaults()
		}
		return f, err
	}
	switch {
	case fs.NArg() > 0:
		return f, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	case f.duration < time.Second/2:
		return f, fmt.Errorf("--duration %v: want at least 500ms", f.duration)
	case f.msgSize < 14 || f.msgSize > 65507:
		return f, fmt.Errorf("--msg-size %d outside 14..65507", f.msgSize)
	}
	for _, b := range splitList(f.backends) {
		if _, err := registry.Constructor(b); err != nil {
			return f, err
		}
	}
	return f, nil
}

// crossOne starts one sockperf-handler child and measures it with loadgen
// (after a discarded warm-up) and then with sockperf.
func crossOne(ctx context.Context, exe, sockperf, backend string, f crossFlags) crossRow {
	row := crossRow{backend: backend}
	child, err := startCrossChild(exe, backend)
	if err != nil {
		row.err = err.Error()
		return row
	}
	defer child.Stop()
	cfg := loadgen.PingPongConfig{Addr: child.Addrs()[0], MsgSize: f.msgSize}
	if _, err := loadgen.PingPong(ctx, cfg, 300*time.Millisecond, nil); err != nil {
		row.err = "loadgen warm-up: " + err.Error()
		return row
	}
	if row.gen, err = loadgen.PingPong(ctx, cfg, f.duration, nil); err != nil {
		row.err = "loadgen: " + err.Error()
		return row
	}
	host, port, _ := net.SplitHostPort(child.Addrs()[0])
	secs := fmt.Sprint(max(1, int((f.duration+time.Second/2)/time.Second)))
	out, err := exec.CommandContext(ctx, sockperf, "ping-pong", "--tcp", "--full-rtt", "-i", host, "-p", port,
		"-t", secs, "-m", fmt.Sprint(f.msgSize)).CombinedOutput()
	if err != nil {
		row.err = fmt.Sprintf("sockperf: %v: %s", err, lastLine(out))
		return row
	}
	if row.sock, err = parseSockperfFigures(string(out)); err != nil {
		row.err = err.Error()
	}
	return row
}

func lastLine(b []byte) string {
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	return lines[len(lines)-1]
}

// writeCross renders the table and the finding sentence.
func writeCross(w io.Writer, rows []crossRow, f crossFlags, pinNote string) {
	fmt.Fprintf(w, "# Cross-check: loadgen vs sockperf (ping-pong, %d-byte messages, one in flight, full round trip)\n\n", f.msgSize)
	fmt.Fprintf(w, "Each backend runs the sockperf handler in one `bench serve` child; loadgen measures it for %v, then `sockperf ping-pong --tcp --full-rtt` for the same time, against the same child. %s. sockperf's figures are as it prints them (its valid-duration window, after its own warm-up).\n\n", f.duration, pinNote)
	header := []string{"backend", "loadgen msgs", "loadgen avg µs", "loadgen p50 µs", "loadgen p99 µs",
		"sockperf msgs", "sockperf avg µs", "sockperf p50 µs", "sockperf p99 µs", "p50 gap"}
	var table [][]string
	for _, r := range rows {
		if r.err != "" {
			table = append(table, []string{r.backend, "n/a — " + r.err, "", "", "", "", "", "", "", ""})
			continue
		}
		l := r.gen.Latency
		table = append(table, []string{r.backend, report.Thousands(int64(r.gen.Received)),
			report.FormatNumber(l.Mean), report.FormatNumber(l.P50), report.FormatNumber(l.P99),
			report.Thousands(int64(r.sock.received)), report.FormatNumber(r.sock.avg),
			report.FormatNumber(r.sock.p50), report.FormatNumber(r.sock.p99), fmt.Sprintf("%+.0f%%", gapPct(l.P50, r.sock.p50))})
	}
	writeMarkdownTable(w, header, table)
	fmt.Fprintf(w, "\n**%s.**\n", crossFinding(rows))
}

// crossFinding: how far loadgen's p50 is from sockperf's, at most.
func crossFinding(rows []crossRow) string {
	worst, worstGap, n := "", 0.0, 0
	var gaps []float64
	for _, r := range rows {
		if r.err != "" || r.sock.p50 <= 0 {
			continue
		}
		n++
		gap := gapPct(r.gen.Latency.P50, r.sock.p50)
		gaps = append(gaps, gap)
		if worst == "" || abs(gap) > abs(worstGap) {
			worst, worstGap = r.backend, gap
		}
	}
	if n == 0 {
		return "crosscheck: no backend measured by both clients"
	}
	slices.Sort(gaps)
	mid := (gaps[(n-1)/2] + gaps[n/2]) / 2
	return fmt.Sprintf("crosscheck: over %d backends loadgen's p50 differs from sockperf's by %+.0f%% at the median and at most %+.0f%% (%s)", n, mid, worstGap, worst)
}

func abs(v float64) float64 { return max(v, -v) }

// gapPct is how far loadgen's figure is from sockperf's, in percent of
// sockperf's.
func gapPct(gen, sock float64) float64 { return (gen - sock) / sock * 100 }
