// Package epollet is the edge-triggered epoll backend: the shared reactor
// loop over internal/poller/epoll in edge-triggered mode (every fd
// registered once with EPOLLIN|EPOLLOUT|EPOLLRDHUP|EPOLLET; no epoll_ctl in
// steady state).
package epollet
