// Package semantics runs the level- vs edge-triggered epoll experiments of
// the tutorial muxbench grew from (see shared/seed/NOTES.md) on real TCP
// loopback sockets and reports what was measured beside what the text
// claims.
//
// Every probe builds its own connection (a listener on 127.0.0.1:0 and one
// client), waits with a timeout on every epoll_wait, caps every loop, and
// closes all its fds before it returns. A probe returns counts; the verdict
// is computed from the counts, never written down in advance.
package semantics
