package main

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/muxbench/muxbench/internal/cli"
	"github.com/muxbench/muxbench/internal/compare"
	"github.com/muxbench/muxbench/internal/export"
	"github.com/muxbench/muxbench/internal/results"
)

func init() {
	register(command{
		name:    "compare",
		summary: "compare two run.json files; exit 1 on a regression (CI)",
		run:     func(args []string) int { return runCompare(args, os.Stdout, os.Stderr) },
	})
}

func runCompare(args []string, stdout, stderr io.Writer) int {
	opt := compare.DefaultOptions()
	fs := newFlags("compare", "[--threshold 10%] [--format markdown|benchstat] [--deterministic-only] OLD.json NEW.json", stderr)
	threshold := fs.String("threshold", "10%", "relative change (`percent`) a noisy metric's 95% interval must lie beyond, significantly, to count")
	countTol := fs.String("count-tolerance", "5%", "relative change (`percent`) a deterministic count may make without counting")
	format := fs.String("format", "markdown", "`format`: markdown, or benchstat (Go benchmark lines of both runs, OLD's with the configuration run: old, NEW's run: new; the first line says how to run benchstat on them)")
	fs.BoolVar(&opt.DeterministicOnly, "deterministic-only", false, "compare deterministic counts only (loop syscalls, wakeups, fds scanned per request, errors)")
	fs.Note("Flags may follow the file names. Exit status 1: a regression, whatever the format (one line on stderr: the count, the metrics, the first).")
	files, err := fs.ParseInterleaved(args)
	if code, done := fs.Exit(err); done {
		return code
	}
	if len(files) != 2 {
		return failTo(stderr, exitBadArgs, "compare: want OLD.json NEW.json, got %d files", len(files))
	}
	if opt.Threshold, err = parsePercent(*threshold); err != nil {
		return failTo(stderr, exitBadArgs, "compare: --threshold: %v", err)
	}
	if opt.CountTolerance, err = parsePercent(*countTol); err != nil {
		return failTo(stderr, exitBadArgs, "compare: --count-tolerance: %v", err)
	}
	if *format != "markdown" && *format != "benchstat" {
		return failTo(stderr, exitBadArgs, "compare: --format %q: want markdown or benchstat", *format)
	}
	old, err := compare.Read(files[0])
	if err != nil {
		return failTo(stderr, exitBadArgs, "compare: %v", err)
	}
	cur, err := compare.Read(files[1])
	if err != nil {
		return failTo(stderr, exitBadArgs, "compare: %v", err)
	}
	return reportComparison(compare.Compare(old, cur, opt), *format, old, cur, opt, stdout, stderr)
}

func reportComparison(res compare.Result, format string, old, cur *results.Run, opt compare.Options, stdout, stderr io.Writer) int {
	more := "the table's end lists them all"
	if format == "benchstat" {
		more = "--format markdown lists them all"
		if err := writeBenchstatPair(stdout, old, cur, opt.DeterministicOnly); err != nil {
			return failTo(stderr, exitFailed, "compare: %v", err)
		}
	} else {
		compare.WriteMarkdown(stdout, res)
	}
	if sum := res.Summary(); sum != "" {
		return failTo(stderr, exitFailed, "compare: %s (%s)", sum, more)
	}
	return exitOK
}

// writeBenchstatPair writes both runs for benchstat, OLD's lines with the
// configuration run: old and NEW's with run: new, after a comment (which
// benchstat skips) giving the command that puts them side by side.
func writeBenchstatPair(w io.Writer, old, cur *results.Run, deterministicOnly bool) error {
	cmd := "benchstat -col run"
	if keys := export.Differing(old, cur); len(keys) > 0 {
		cmd += " -ignore " + strings.Join(keys, ",")
	}
	if _, err := fmt.Fprintf(w, "# OLD then NEW; save this output as FILE, then: %s FILE\n", cmd); err != nil {
		return err
	}
	bw := export.NewBenchstat(w)
	if err := bw.Write(old, export.Options{DeterministicOnly: deterministicOnly, Run: "old"}); err != nil {
		return err
	}
	return bw.Write(cur, export.Options{DeterministicOnly: deterministicOnly, Run: "new"})
}

// parsePercent reads "10%" or "0.1".
func parsePercent(s string) (float64, error) {
	v, err := strconv.ParseFloat(strings.TrimSuffix(s, "%"), 64)
	if err != nil || v < 0 {
		return 0, fmt.Errorf("%q is not a non-negative percentage", s)
	}
	if strings.HasSuffix(s, "%") {
		v /= 100
	}
	return v, nil
}

// failTo prints one failure line on the command's own stderr, so tests can
// read it.
func failTo(w io.Writer, code int, format string, args ...any) int {
	return cli.Fail(w, "bench", code, format, args...)
}
