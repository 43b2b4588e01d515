package epolllt_test

import (
	"testing"

	"github.com/muxbench/muxbench/internal/reactor/reactortest"
	epolllt "github.com/muxbench/muxbench/servers/epoll_lt"
)

func TestSteadyStateEcho(t *testing.T) { reactortest.SteadyState(t, epolllt.New) }

func BenchmarkEchoRoundTrip(b *testing.B) { reactortest.BenchEcho(b, epolllt.New) }
