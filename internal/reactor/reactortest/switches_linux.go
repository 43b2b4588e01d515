package reactortest

import (
	"os"
	"testing"

	"github.com/muxbench/muxbench/internal/procstat"
)

// Switches is a reading of the context switches of this whole process (all
// threads, /proc/self/task/*/status), for a benchmark's ctxsw/op. An
// in-process benchmark's server and client share the process, so the figure
// counts both: the blocking client of BenchEcho blocks once per round trip
// (about one voluntary switch per op on its own), and what is above that is
// the server's loop and the runtime.
type Switches struct{ at procstat.Sample }

// ReadSwitches reads the process's switches now.
func ReadSwitches(tb testing.TB) Switches {
	tb.Helper()
	s, err := procstat.Read(os.Getpid())
	if err != nil {
		tb.Fatal(err)
	}
	return Switches{at: s}
}

// Report reports the switches since s per op: ctxsw/op, and its
// voluntary and involuntary parts.
func (s Switches) Report(b *testing.B, ops int) {
	d := ReadSwitches(b).at.Sub(s.at)
	n := float64(ops)
	b.ReportMetric(float64(d.CtxSwitches)/n, "ctxsw/op")
	b.ReportMetric(float64(d.Voluntary)/n, "vol-ctxsw/op")
	b.ReportMetric(float64(d.Involuntary)/n, "invol-ctxsw/op")
}
