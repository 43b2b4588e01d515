package pollsrv

import (
	"github.com/muxbench/muxbench/internal/poller/poll"
	"github.com/muxbench/muxbench/internal/reactor"
	"github.com/muxbench/muxbench/internal/server"
)

// New starts listening and returns the poll backend.
func New(cfg server.Config) (server.Server, error) {
	return reactor.New(cfg, func() (reactor.Poller, error) { return poll.New(), nil })
}
