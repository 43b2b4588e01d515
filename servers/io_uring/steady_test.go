package iouring_test

import (
	"runtime"
	"testing"

	"github.com/muxbench/muxbench/internal/reactor/reactortest"
	"github.com/muxbench/muxbench/internal/server"
	iouring "github.com/muxbench/muxbench/servers/io_uring"
)

const roundTrips = 10_000

// perRequest is one steady-state figure: a counter's growth per round trip
// and what it must be.
type perRequest struct {
	name string
	get  func(server.Counters) uint64
	want float64
}

// steadyFigures are what one 64 B echo round trip on one connection costs,
// exactly, by the backend's own counters:
//   - 2 io_uring_enter calls: the one submitting the reply's send returns
//     at once with the send's own completion (it completes inline), then
//     the next waits for the next request;
//   - 1 SQE (the send; the multishot recv stays armed), 2 CQEs (recv and
//     send), 1 recv, 1 send, 1 provided buffer lent back;
//   - no readiness wait, read(2), write(2) or accept4(2), and no ring-full,
//     overflow or out-of-buffers event.
var steadyFigures = []perRequest{
	{name: "io_uring_enter calls", get: func(c server.Counters) uint64 { return c.EnterCalls }, want: 2},
	{name: "syscalls (Counters.Syscalls)", get: func(c server.Counters) uint64 { return c.Syscalls() }, want: 2},
	{name: "SQEs submitted", get: func(c server.Counters) uint64 { return c.SQEsSubmitted }, want: 1},
	{name: "CQEs reaped", get: func(c server.Counters) uint64 { return c.CQEsReaped }, want: 2},
	{name: "recvs", get: func(c server.Counters) uint64 { return c.Recvs }, want: 1},
	{name: "sends", get: func(c server.Counters) uint64 { return c.Sends }, want: 1},
	{name: "buffers recycled", get: func(c server.Counters) uint64 { return c.BuffersRecycled }, want: 1},
	{name: "ring-full, CQ overflow and no-buffer events", get: func(c server.Counters) uint64 { return c.RingFull + c.CQOverflows + c.NoBuffers }, want: 0},
}

// TestSteadyStateEcho asserts the figures above within 1% over 10,000 round
// trips at one active connection, and fewer than 0.01 heap allocations per
// request in the whole test process (loop and client).
func TestSteadyStateEcho(t *testing.T) {
	if err := iouring.Available(); err != nil {
		t.Skip(err)
	}
	s := reactortest.StartEcho(t, iouring.New)
	before := s.Server.Counters()
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	err := s.RoundTrips(roundTrips)
	runtime.ReadMemStats(&m1)
	d := s.Server.Counters().Sub(before)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range steadyFigures {
		got := float64(f.get(d)) / roundTrips
		t.Logf("per request: %.4f %s", got, f.name)
		if got < f.want*0.99 || got > f.want*1.01 {
			t.Errorf("%s per request = %.4f, want %.0f within 1%%", f.name, got, f.want)
		}
	}
	if mallocs := float64(m1.Mallocs-m0.Mallocs) / roundTrips; mallocs >= 0.01 {
		t.Errorf("heap allocations per request = %.5f, want < 0.01", mallocs)
	}
	if want := uint64(roundTrips * reactortest.RequestSize); d.BytesIn != want || d.BytesOut != want {
		t.Errorf("bytes in/out = %d/%d, want %d each", d.BytesIn, d.BytesOut, want)
	}
}

// BenchmarkEchoRoundTrip times one 64 B echo round trip. Allocations cover
// the loop and the client (which makes none); syscalls/op is
// Counters.Syscalls (all of it io_uring_enter here), comparable with the
// readiness backends' figure of the same name.
func BenchmarkEchoRoundTrip(b *testing.B) {
	if err := iouring.Available(); err != nil {
		b.Skip(err)
	}
	s := reactortest.StartEcho(b, iouring.New)
	before := s.Server.Counters()
	b.ReportAllocs()
	b.ResetTimer()
	if err := s.RoundTrips(b.N); err != nil {
		b.Fatal(err)
	}
	b.StopTimer()
	d := s.Server.Counters().Sub(before)
	n := float64(b.N)
	b.ReportMetric(float64(d.Syscalls())/n, "syscalls/op")
	b.ReportMetric(float64(d.SQEsSubmitted)/n, "sqes/op")
	b.ReportMetric(float64(d.CQEsReaped)/n, "cqes/op")
}
