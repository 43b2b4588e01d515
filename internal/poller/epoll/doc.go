// Package epoll is the one epoll(7) wrapper of the tree, in two layers.
//
// Instance is the low level: one epoll fd (close-on-exec), registrations
// of raw event masks (EPOLLET, EPOLLONESHOT, EPOLLRDHUP, ... as the caller
// gives them) with a 32-bit data word, and waits into a buffer the caller
// owns: Wait (epoll_wait, millisecond timeout) and WaitPrecise
// (epoll_pwait2, nanoseconds, falling back to epoll_wait where the kernel
// lacks it), EINTR retried with what is left of the timeout, no allocation
// per wait, errors naming the syscall. The semantics probes use it
// directly.
//
// Poller is the reactor's poller behind both epoll backends, built on an
// Instance. Level- and edge-triggered are one implementation with a Mode:
// Level registers EPOLLIN|EPOLLRDHUP and adds EPOLLOUT only while output is
// pending; Edge registers EPOLLIN|EPOLLOUT|EPOLLRDHUP|EPOLLET once per fd and
// never calls epoll_ctl again until the fd is removed. Only ready fds come
// back from a wait, so its cost is O(events), not O(watched fds).
package epoll
