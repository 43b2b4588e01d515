// Package cli is the command-line conventions bench's subcommands and
// loadgen share, written once: a flag set whose -h lists every flag in one
// style and exits 0, whose bad flag or stray argument is one line on
// stderr naming the problem and the way to the help, exit 2; one failure
// line per error, prefixed with the program; the exit codes; and the
// context that SIGINT and SIGTERM cancel.
package cli
