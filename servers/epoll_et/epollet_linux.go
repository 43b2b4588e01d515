package epollet

import (
	"github.com/muxbench/muxbench/internal/poller/epoll"
	"github.com/muxbench/muxbench/internal/reactor"
	"github.com/muxbench/muxbench/internal/server"
)

// New starts listening and returns the edge-triggered epoll backend.
func New(cfg server.Config) (server.Server, error) {
	return reactor.New(cfg, func() (reactor.Poller, error) { return epoll.New(epoll.Edge) })
}
