// Package serve runs one backend the way `bench serve` does: for a person in
// the foreground (try it with nc; its counters are printed when it stops),
// or, with Options.Control, as the server child that bench run,
// reliability, soak and crosscheck drive over internal/control's protocol.
//
// A Session owns the process-wide steps a server child takes before it
// serves (the fd limit raised, the process pinned, GOMAXPROCS set for the
// backend), how it announces where it listens, and how it reports its end:
// one stderr line per failure and, in control mode, the protocol's error or
// final counters line. Flag parsing and exit codes stay the command's.
package serve
