// Command bench is muxbench's front door: it serves one backend, runs the
// benchmark matrix, probes epoll's level- and edge-triggered semantics, and
// renders and compares results. Each subcommand lives in its own file and
// registers itself in init.
package main

import (
	"fmt"
	"os"
	"sort"
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

// Exit codes shared by every subcommand.
const (
	exitOK      = 0
	exitFailed  = 1 // the command ran and found a failure (regression, verify error)
	exitBadArgs = 2 // bad input: flag, address, port in use, limits
)

func main() {
	if len(os.Args) < 2 || os.Args[1] == "-h" || os.Args[1] == "--help" || os.Args[1] == "help" {
		usage()
		if len(os.Args) < 2 {
			os.Exit(exitBadArgs)
		}
		return
	}
	c, ok := commands[os.Args[1]]
	if !ok {
		fmt.Fprintf(os.Stderr, "bench: unknown command %q; run 'bench help' for the list\n", os.Args[1])
		os.Exit(exitBadArgs)
	}
	os.Exit(c.run(os.Args[2:]))
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: bench <command> [flags]   ('bench <command> -h' for its flags)")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(os.Stderr, "  %-12s %s\n", n, commands[n].summary)
	}
}

// fail prints one line on stderr, prefixed with the program name, and
// returns code, so a subcommand can `return fail(exitBadArgs, ...)`.
func fail(code int, format string, args ...any) int {
	fmt.Fprintf(os.Stderr, "bench: "+format+"\n", args...)
	return code
}
