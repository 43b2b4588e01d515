package gomaxprocs

import (
	"os"
	"runtime"

	"github.com/muxbench/muxbench/internal/affinity"
	"github.com/muxbench/muxbench/internal/registry"
)

// LoopProcs is the least GOMAXPROCS of an event-loop child: one P for the
// loop, one for the rest of the process.
const LoopProcs = 2

// ForBackend applies the policy for the child serving backend, once the
// process is pinned, and returns the GOMAXPROCS now in effect.
func ForBackend(backend string) int {
	b, err := registry.Lookup(backend)
	if err != nil {
		return runtime.GOMAXPROCS(0)
	}
	cpus := runtime.NumCPU()
	if set, err := affinity.Current(); err == nil {
		cpus = set.Count()
	}
	_, inEnv := os.LookupEnv("GOMAXPROCS")
	if n, ok := decide(b.Kind, inEnv, cpus); ok {
		runtime.GOMAXPROCS(n)
	}
	return runtime.GOMAXPROCS(0)
}

// decide is the policy: the GOMAXPROCS to set, and whether to set one at
// all, for a backend of kind on a process that may use cpus CPUs.
func decide(kind registry.Kind, inEnv bool, cpus int) (int, bool) {
	if inEnv || kind != registry.EventLoop {
		return 0, false
	}
	return max(LoopProcs, cpus), true
}
