// Package crosscheck is `bench crosscheck`: it measures every backend twice
// on the same server child, with loadgen's ping-pong driver and with
// Debian's sockperf in its epoll loop (the syscalls the driver makes),
// both speaking sockperf's framing to the sockperf handler with one
// message in flight. Two independent clients agreeing on a latency checks
// the harness's own measurement; where they differ, the table shows by how
// much.
package crosscheck
