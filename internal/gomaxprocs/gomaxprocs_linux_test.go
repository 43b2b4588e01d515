package gomaxprocs

import (
	"testing"

	"github.com/muxbench/muxbench/internal/registry"
)

func TestDecide(t *testing.T) {
	tests := []struct {
		name  string
		kind  registry.Kind
		inEnv bool
		cpus  int
		want  int
		set   bool
	}{
		{name: "event loop pinned to one CPU", kind: registry.EventLoop, cpus: 1, want: 2, set: true},
		{name: "event loop on four CPUs", kind: registry.EventLoop, cpus: 4, want: 4, set: true},
		{name: "environment wins", kind: registry.EventLoop, inEnv: true, cpus: 1},
		{name: "netpoll left to bench run", kind: registry.Runtime, cpus: 1},
		{name: "io_uring left to the default", kind: registry.Completion, cpus: 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, set := decide(tc.kind, tc.inEnv, tc.cpus)
			if got != tc.want || set != tc.set {
				t.Errorf("decide = %d, %v; want %d, %v", got, set, tc.want, tc.set)
			}
		})
	}
}
