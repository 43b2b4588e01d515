package main

import (
	"io"
	"os"

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
	if opt.Threshold, err = cli.Percent(*threshold); err != nil {
		return failTo(stderr, exitBadArgs, "compare: --threshold: %v", err)
	}
	if opt.CountTolerance, err = cli.Percent(*countTol); err != nil {
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
		if err := export.WritePair(stdout, old, cur, opt.DeterministicOnly); err != nil {
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

// failTo prints one failure line on the command's own stderr, so tests can
// read it.
func failTo(w io.Writer, code int, format string, args ...any) int {
	return cli.Fail(w, "bench", code, format, args...)
}
