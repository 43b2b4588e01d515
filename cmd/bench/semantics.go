package main

import (
	"flag"
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
	fs := flag.NewFlagSet("semantics", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "results", "directory to write semantics.md and semantics.json to")
	if err := fs.Parse(args); err != nil {
		return exitBadArgs
	}
	if fs.NArg() > 0 {
		return fail(exitBadArgs, "semantics: unexpected argument %q", fs.Arg(0))
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return fail(exitBadArgs, "semantics: %v", err)
	}
	r, err := semantics.Run()
	if err != nil {
		return fail(exitFailed, "semantics: %v", err)
	}
	r.Machine = machine.Describe()
	if err := r.WriteTerminal(stdout); err != nil {
		return fail(exitFailed, "semantics: %v", err)
	}
	if err := r.WriteFiles(*out); err != nil {
		return fail(exitFailed, "semantics: %v", err)
	}
	fmt.Fprintf(stdout, "%d of %d claims hold; wrote %s and %s\n", r.Holding(), len(r.Findings),
		filepath.Join(*out, "semantics.md"), filepath.Join(*out, "semantics.json"))
	return exitOK
}
