package main

import (
	"io"
	"os"
	"path/filepath"

	"github.com/muxbench/muxbench/internal/compare"
	"github.com/muxbench/muxbench/internal/export"
)

func init() {
	register(command{
		name:    "export",
		summary: "write RUN.json (or DIR/run.json) for other tools: --format benchstat, Go benchmark lines",
		run:     func(args []string) int { return runExport(args, os.Stdout, os.Stderr) },
	})
}

func runExport(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("export", "[--format benchstat] [--deterministic-only] RUN.json|DIR", stderr)
	format := fs.String("format", "benchstat", "`format`: benchstat (one Go benchmark line per valid trial; flagged trials are left out)")
	var opt export.Options
	fs.BoolVar(&opt.DeterministicOnly, "deterministic-only", false, "write the deterministic counts only (loop syscalls, wakeups, fds scanned per request, errors)")
	fs.Note("Then: benchstat -col /backend run.txt (backends side by side); benchstat -ignore commit old.txt new.txt (two builds); add -ignore cpu,kernel across machines.")
	files, err := fs.ParseInterleaved(args)
	if code, done := fs.Exit(err); done {
		return code
	}
	if len(files) != 1 {
		return failTo(stderr, exitBadArgs, "export: want one RUN.json or run directory, got %d arguments", len(files))
	}
	if *format != "benchstat" {
		return failTo(stderr, exitBadArgs, "export: --format %q: want benchstat", *format)
	}
	path := files[0]
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		path = filepath.Join(path, "run.json")
	}
	run, err := compare.Read(path)
	if err != nil {
		return failTo(stderr, exitBadArgs, "export: %v", err)
	}
	if err := export.WriteBenchstat(stdout, run, opt); err != nil {
		return failTo(stderr, exitFailed, "export: %v", err)
	}
	return exitOK
}
