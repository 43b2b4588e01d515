package selectsrv_test

import (
	"testing"

	"github.com/muxbench/muxbench/internal/servertest"
	selectsrv "github.com/muxbench/muxbench/servers/select"
)

func TestConformance(t *testing.T) {
	servertest.Run(t, servertest.Backend{Name: "select", New: selectsrv.New, FdLimit: 1024, Raw: true})
}
