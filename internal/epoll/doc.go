// Package epoll is the epoll(7) poller behind both epoll backends. Level- and
// edge-triggered are one implementation with a mode: level-triggered
// registers EPOLLIN|EPOLLRDHUP and adds EPOLLOUT only while output is
// pending; edge-triggered registers EPOLLIN|EPOLLOUT|EPOLLRDHUP|EPOLLET once
// per fd and never calls epoll_ctl again until the fd is removed.
package epoll
