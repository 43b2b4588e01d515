// Package epoll is the one epoll(7) wrapper of the tree.
//
// Poller is the reactor's poller behind both epoll backends. Level- and
// edge-triggered are one implementation with a Mode: Level registers
// EPOLLIN|EPOLLRDHUP and adds EPOLLOUT only while output is pending; Edge
// registers EPOLLIN|EPOLLOUT|EPOLLRDHUP|EPOLLET once per fd and never calls
// epoll_ctl again until the fd is removed. Only ready fds come back from a
// wait, so its cost is O(events), not O(watched fds).
package epoll
