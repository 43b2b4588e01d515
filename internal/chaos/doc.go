// Package chaos is a hostile but honest echo client. For a bounded time and
// a bounded number of exchanges it opens connections to an echo server and,
// at random (from a seed, so a run can be repeated), sends messages of
// random sizes pipelined to a random depth, shuts down its write side with
// data still in flight, resets connections mid-message (SO_LINGER 0), and
// hangs up. Every byte of every exchange that completes is checked against
// what was sent; what goes wrong on the client side is counted by kind.
//
// An exchange is one batch of pipelined messages whose echoes were all read
// back and verified. A reset exchange is never complete and is not counted
// as one: it is counted as a fault injected.
package chaos
