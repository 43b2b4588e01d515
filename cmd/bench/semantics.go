package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/muxbench/muxbench/internal/machine"
	"github.com/muxbench/muxbench/internal/semantics"
)

func init() {
	register(command{
		name:    "semantics",
		summary: "run the level- vs edge-triggered epoll probes and publish the table",
		run:     func(args []string) int { return runSemantics(args, os.Stdout, os.Stderr) },
	})
}

// runSemantics runs every probe, prints the table on stdout and writes
// semantics.md and semantics.json under --out.
func runSemantics(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("semantics", "[--out DIR]", stderr)
	out := fs.String("out", "results", "`directory` to write semantics.md and semantics.json to")
	if code, done := fs.Exit(fs.Parse(args)); done {
		return code
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return fs.BadArgs(err)
	}
	r, err := semantics.Run()
	if err != nil {
		return fs.Fail(exitFailed, "%v", err)
	}
	r.Machine = machine.Describe()
	if err := r.WriteTerminal(stdout); err != nil {
		return fs.Fail(exitFailed, "%v", err)
	}
	if err := r.WriteFiles(*out); err != nil {
		return fs.Fail(exitFailed, "%v", err)
	}
	fmt.Fprintf(stdout, "%d of %d claims hold; wrote %s and %s\n", r.Holding(), len(r.Findings),
		filepath.Join(*out, "semantics.md"), filepath.Join(*out, "semantics.json"))
	return exitOK
}
