package epollet_test

import (
	"testing"

	"github.com/muxbench/muxbench/internal/reactor/reactortest"
	epollet "github.com/muxbench/muxbench/servers/epoll_et"
)

func TestSteadyStateEcho(t *testing.T) { reactortest.SteadyState(t, epollet.New) }

func BenchmarkEchoRoundTrip(b *testing.B) { reactortest.BenchEcho(b, epollet.New) }
