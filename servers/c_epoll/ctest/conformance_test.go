package ctest

import (
	"testing"

	"github.com/muxbench/muxbench/internal/registry"
	"github.com/muxbench/muxbench/internal/servertest"
)

// testConformance runs the conformance suite every Go backend runs, through
// the registry's entry: the build found where the entry's variable says,
// started behind a control.Proxy. A sanitizer report makes the build exit
// non-zero, which fails the suite's Close.
func testConformance(t *testing.T, b build) {
	entry := registry.MustLookup(registry.CEpoll)
	t.Setenv(entry.ProgramEnv(), b.path)
	servertest.Run(t, entry)
}
