// Package selectpoll is the select(2) poller behind the select backend (the
// directory is select; the package name cannot be, it is a keyword). It
// copies two fd_sets into the kernel on every wait and scans them up to the
// highest watched fd afterwards; the interest sets live in user memory, so
// changing interest costs no syscall. Each scan starts where the last one
// stopped (poller.Scan), so when more fds are ready than one wait can
// report, the next wait reports the others first. select cannot watch an
// fd >= FD_SETSIZE (1024): Add refuses it with reactor.ErrFdTooHigh.
package selectpoll
