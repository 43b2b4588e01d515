// Package epolllt is the level-triggered epoll backend: the shared reactor
// loop over internal/poller/epoll in level-triggered mode
// (EPOLLIN|EPOLLRDHUP, with EPOLLOUT added only while output is pending).
package epolllt
