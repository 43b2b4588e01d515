package selectsrv_test

import (
	"testing"

	"github.com/muxbench/muxbench/internal/reactor/reactortest"
	selectsrv "github.com/muxbench/muxbench/servers/select"
)

func TestSteadyStateEcho(t *testing.T) { reactortest.SteadyState(t, selectsrv.New) }

func BenchmarkEchoRoundTrip(b *testing.B) { reactortest.BenchEcho(b, selectsrv.New) }
