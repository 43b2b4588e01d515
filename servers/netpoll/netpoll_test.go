package netpoll

import (
	"testing"

	"github.com/muxbench/muxbench/internal/servertest"
)

func TestConformance(t *testing.T) { servertest.Run(t, servertest.Backend{Name: "netpoll", New: New}) }
