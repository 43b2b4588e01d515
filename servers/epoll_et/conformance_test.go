package epollet_test

import (
	"testing"

	"github.com/muxbench/muxbench/internal/servertest"
	epollet "github.com/muxbench/muxbench/servers/epoll_et"
)

func TestConformance(t *testing.T) {
	servertest.Run(t, servertest.Backend{Name: "epoll_et", New: epollet.New, Raw: true})
}
