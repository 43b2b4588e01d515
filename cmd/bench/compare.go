package main

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/muxbench/muxbench/internal/cli"
	"github.com/muxbench/muxbench/internal/compare"
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
	format := fs.String("format", "markdown", "`format`: markdown, or benchstat (Go benchmark lines of NEW; run benchstat on OLD's and NEW's)")
	fs.BoolVar(&opt.DeterministicOnly, "deterministic-only", false, "compare deterministic counts only (loop syscalls, wakeups, fds scanned per request, errors)")
	fs.Note("Flags may follow the file names. Exit status 1: a regression.")
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
	return reportComparison(compare.Compare(old, cur, opt), *format, cur, opt, stdout, stderr)
}

func reportComparison(res compare.Result, format string, cur *results.Run, opt compare.Options, stdout, stderr io.Writer) int {
	if format == "benchstat" {
		if err := compare.WriteBenchstat(stdout, cur, opt.DeterministicOnly); err != nil {
			return failTo(stderr, exitFailed, "compare: %v", err)
		}
	} else {
		compare.WriteMarkdown(stdout, res)
	}
	regs := res.Regressions()
	if len(regs) == 0 {
		return exitOK
	}
	names := make([]string, len(regs))
	for i, r := range regs {
		names[i] = r.Describe()
	}
	return failTo(stderr, exitFailed, "compare: %d regression(s): %s", len(regs), strings.Join(names, "; "))
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
