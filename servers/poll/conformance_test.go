package pollsrv_test

import (
	"testing"

	"github.com/muxbench/muxbench/internal/servertest"
	pollsrv "github.com/muxbench/muxbench/servers/poll"
)

func TestConformance(t *testing.T) {
	servertest.Run(t, servertest.Backend{Name: "poll", New: pollsrv.New, Raw: true})
}
