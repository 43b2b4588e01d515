// Command bench is muxbench's front door: it serves one backend, runs the
// benchmark matrix, probes epoll's level- and edge-triggered semantics,
// injects faults, and renders and compares results. Each subcommand lives
// in its own file, holds its flags and wiring only (the work is in
// internal/...), and registers itself in init.
//
// The process pins itself (the generator to its CPU, a server child to
// its own) after the runtime has sized GOMAXPROCS from every CPU, and the
// generator waits raw only while GOMAXPROCS leaves a P to spare beyond its
// workload threads. Since Go 1.25 the runtime re-reads the affinity mask
// about once a second and would shrink GOMAXPROCS to the one pinned CPU,
// turning every window after the first second into scheduler-way waits:
// a ping-pong against the netpoll server went from 64 µs p50 in a
// process's first 2 s to 75-102 µs in the next.
//
//go:debug updatemaxprocs=0
package main

import (
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/muxbench/muxbench/internal/cli"
	"github.com/muxbench/muxbench/internal/version"
)

// command is one subcommand. run receives the arguments after the
// subcommand's name and returns the process exit code.
type command struct {
	name    string
	summary string
	run     func(args []string) int
}

var commands = map[string]command{}

func register(c command) { commands[c.name] = c }

// Exit codes shared by every subcommand (see cli).
const (
	exitOK              = cli.ExitOK
	exitFailed          = cli.ExitFailed
	exitBadArgs         = cli.ExitBadArgs
	exitNothingMeasured = cli.ExitNothingMeasured
)

func main() { os.Exit(dispatch(os.Args[1:], os.Stdout, os.Stderr)) }

// dispatch runs the subcommand args name, help, or --version.
func dispatch(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitBadArgs
	}
	switch args[0] {
	case "-h", "--help", "help":
		return help(args[1:], stderr)
	case "--version", "-version", "version":
		fmt.Fprintln(stdout, "bench", version.Get())
		return exitOK
	}
	c, ok := commands[args[0]]
	if !ok {
		return cli.Fail(stderr, "bench", exitBadArgs, "unknown command %q; run 'bench help' for the list", args[0])
	}
	return c.run(args[1:])
}

// help is `bench help [CMD]`: the list of commands, or CMD's own help.
func help(args []string, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitOK
	}
	c, ok := commands[args[0]]
	if !ok {
		return cli.Fail(stderr, "bench", exitBadArgs, "help: unknown command %q; run 'bench help' for the list", args[0])
	}
	return c.run([]string{"-h"})
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: bench <command> [flags]   ('bench help <command>' or 'bench <command> -h' for its flags)")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Fprintln(w, "\ncommands:")
	for _, n := range names {
		fmt.Fprintf(w, "  %-12s %s\n", n, commands[n].summary)
	}
	fmt.Fprintf(w, "\nbench --version prints the module version and the commit it was built from.\n")
	fmt.Fprintf(w, "\nexit status:\n  %s\n", strings.Join(cli.ExitCodes, "\n  "))
}

// newFlags is the flag set of subcommand name (see cli): its help starts
// with the command's summary.
func newFlags(name, synopsis string, stderr io.Writer) *cli.Flags {
	return cli.NewFlags("bench "+name, synopsis, commands[name].summary, stderr)
}
