package faults

import (
	"testing"

	"github.com/muxbench/muxbench/internal/server"
)

// TestSlowRSSBound: the non-readers' bound allows each its output limit
// and the reads its backend may hold, doubled, plus the backend's receive
// pool (io_uring: two buffers per paused connection and 256 buffers mapped
// up front; a default reliability run's io_uring grew 215.8 MiB against
// the readiness backends' bound of 212.5).
func TestSlowRSSBound(t *testing.T) {
	const kib = 1 << 10
	tests := []struct {
		name string
		spec SlowSpec
		want int64
	}{
		{"readiness backend", SlowSpec{NonReaders: 100, MaxPending: 1024 * kib},
			2 * 100 * (1024*kib + server.DefaultReadBuffer)},
		{"io_uring", SlowSpec{NonReaders: 100, MaxPending: 1024 * kib, HeldReads: 2, RecvPool: 256 * server.DefaultReadBuffer},
			2*100*(1024*kib+2*server.DefaultReadBuffer) + 256*server.DefaultReadBuffer},
	}
	for _, tc := range tests {
		if got := tc.spec.rssBound(); got != tc.want {
			t.Errorf("%s: bound %d, want %d", tc.name, got, tc.want)
		}
	}
}
