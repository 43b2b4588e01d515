// Package poll is the poll(2) poller behind the poll backend: it hands the
// kernel an array of every watched fd on each wait and scans the whole array
// for revents afterwards. The array is kept between waits; interest changes
// edit it in place and removal swaps the last entry into the hole, so no
// syscall and no allocation in steady state. Each scan starts where the
// last one stopped (poller.Scan), so when more fds are ready than one wait
// can report, the next wait reports the others first.
//
// Nearly all of poll's cost per watched fd is in the kernel, not here: each
// wait looks up every fd, calls tcp_poll on its socket and hooks a wait entry
// on it, then unhooks them all. That walk touches a few cache lines per socket,
// so its cost per fd rises steeply once the sockets no longer stay in the
// core's cache (a few thousand connections, fewer when other work shares the
// core), in a C server as much as here.
// A Go process is multi-threaded, so the kernel also takes and drops a file
// reference per fd per wait, which a single-threaded C poll server is spared.
package poll
