package selectsrv

import (
	selectpoll "github.com/muxbench/muxbench/internal/poller/select"
	"github.com/muxbench/muxbench/internal/reactor"
	"github.com/muxbench/muxbench/internal/server"
)

// New starts listening and returns the select backend.
func New(cfg server.Config) (server.Server, error) {
	return reactor.New(cfg, func() (reactor.Poller, error) { return selectpoll.New(), nil })
}
