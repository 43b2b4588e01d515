package epoll

import "golang.org/x/sys/unix"

// Mode is how an epoll registration reports readiness: the one trigger-mode
// type of the tree (the epoll backends and the semantics probes use it).
type Mode uint8

const (
	Level Mode = iota // the default: report while the condition holds
	Edge              // EPOLLET: report on a transition only
)

// String is the short name the tables use: "LT" or "ET".
func (m Mode) String() string {
	if m == Edge {
		return "ET"
	}
	return "LT"
}

// Flag is the bit the mode adds to an interest set: EPOLLET or nothing.
func (m Mode) Flag() uint32 {
	if m == Edge {
		return unix.EPOLLET
	}
	return 0
}
