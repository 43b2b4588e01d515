package epolllt_test

import (
	"testing"

	"github.com/muxbench/muxbench/internal/servertest"
	epolllt "github.com/muxbench/muxbench/servers/epoll_lt"
)

func TestConformance(t *testing.T) {
	servertest.Run(t, servertest.Backend{Name: "epoll_lt", New: epolllt.New, Raw: true})
}
