package iouring_test

import (
	"testing"

	"github.com/muxbench/muxbench/internal/servertest"
	iouring "github.com/muxbench/muxbench/servers/io_uring"
)

func TestConformance(t *testing.T) {
	if err := iouring.Available(); err != nil {
		t.Skip(err)
	}
	servertest.Run(t, servertest.Backend{Name: "io_uring", New: iouring.New, Raw: true, Completion: true})
}
