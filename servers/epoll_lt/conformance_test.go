package epolllt_test

import (
	"testing"

	"github.com/muxbench/muxbench/internal/registry"
	"github.com/muxbench/muxbench/internal/servertest"
)

func TestConformance(t *testing.T) { servertest.Run(t, registry.MustLookup(registry.EpollLT)) }
