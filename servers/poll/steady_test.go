package pollsrv_test

import (
	"testing"

	"github.com/muxbench/muxbench/internal/reactor/reactortest"
	pollsrv "github.com/muxbench/muxbench/servers/poll"
)

func TestSteadyStateEcho(t *testing.T) { reactortest.SteadyState(t, pollsrv.New) }

func BenchmarkEchoRoundTrip(b *testing.B) { reactortest.BenchEcho(b, pollsrv.New) }
