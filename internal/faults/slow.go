package faults

import (
	"context"
	"sync"
	"time"

	"github.com/muxbench/muxbench/internal/loadgen"
	"github.com/muxbench/muxbench/internal/server"
)

// SlowSpec sizes SlowClients.
type SlowSpec struct {
	Active int           // loadgen active connections (closed loop)
	Window time.Duration // each measured loadgen window (clean, then loaded)
	// Slowloris connections each send one byte per SlowInterval, SlowBytes
	// bytes in all, and read their echoes back at the end.
	Slowloris    int
	SlowBytes    int
	SlowInterval time.Duration
	// NonReaders connections each try to send NonReaderBytes and never
	// read: the server's output to them fills and it must stop reading
	// them (backpressure) instead of buffering without bound.
	NonReaders     int
	NonReaderBytes int
	// MaxPending is the server's per-connection output limit, for the
	// memory bound (0: server.DefaultMaxPending); HeldReads and RecvPool
	// are the backend's own receive holding (registry.Backend).
	MaxPending int
	HeldReads  int
	RecvPool   int64
}

// SlowReport is what SlowClients measured.
type SlowReport struct {
	Spec          SlowSpec        `json:"spec"`
	Clean         loadgen.Summary `json:"clean_us"`
	Loaded        loadgen.Summary `json:"loaded_us"`
	CleanErrors   uint64          `json:"clean_errors"`
	LoadedErrors  uint64          `json:"loaded_errors"`
	P99Ratio      float64         `json:"p99_ratio"`
	Slow          slowStats       `json:"slowloris"`
	NonReaderSent int64           `json:"non_reader_bytes_sent"`
	// SettleTime is how long the non-readers took to stall (the loaded
	// window starts then).
	SettleTime time.Duration `json:"settle_ns"`
	// Server memory: before the slow clients, at the end of the loaded
	// window, and the bound: every non-reader's pending output plus one
	// read buffer, doubled for the Go heap's headroom (GOGC=100 lets the
	// heap reach twice what is live before it collects). Zero in-process.
	Before   Resources `json:"server_before"`
	Peak     Resources `json:"server_peak"`
	RSSBound int64     `json:"rss_bound_bytes"`
	Err      string    `json:"error,omitempty"`
}

type slowStats struct {
	Sent     int    `json:"bytes_sent"`
	Verified uint64 `json:"bytes_verified"`
	Errors   int    `json:"errors"`
}

// Survived: no verify error in either window, the slowloris echoes whole,
// and (for a child server) RSS growth within the bound.
func (r SlowReport) Survived() bool {
	return r.Err == "" && r.CleanErrors == 0 && r.LoadedErrors == 0 && r.Slow.Errors == 0 && r.MemoryBounded()
}

// MemoryBounded reports whether the server's RSS grew by less than
// RSSBound (true when it could not be measured: see Before.RSSBytes).
func (r SlowReport) MemoryBounded() bool {
	return r.Before.RSSBytes == 0 || r.Peak.RSSBytes-r.Before.RSSBytes <= r.RSSBound
}

// Within2x reports whether the loaded p99 stayed within twice the clean one.
func (r SlowReport) Within2x() bool { return r.P99Ratio > 0 && r.P99Ratio <= 2 }

// SlowClients measures the active clients' latency in a clean window, then
// again while a slowloris client dribbles bytes and NonReaders clients
// flood without reading.
func SlowClients(ctx context.Context, t Target, s SlowSpec) (rep SlowReport) {
	rep.Spec = s
	var err error
	if rep.Clean, rep.CleanErrors, err = measure(ctx, t, s); err != nil {
		rep.Err = "clean window: " + err.Error()
		return rep
	}
	if rep.Before, err = t.resources(); err != nil {
		rep.Err = err.Error()
		return rep
	}
	rep.RSSBound = s.rssBound()
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer wg.Wait()
	defer cancel()
	slow := startSlowloris(ctx, &wg, t.Addrs[0], s)
	flood, err := startNonReaders(ctx, &wg, t.Addrs[0], s)
	if err != nil {
		rep.Err = err.Error()
		return rep
	}
	rep.SettleTime = flood.settle(ctx, settleTimeout)
	rep.Loaded, rep.LoadedErrors, err = measure(ctx, t, s)
	if err != nil {
		rep.Err = "loaded window: " + err.Error()
	}
	if rep.Peak, err = t.resources(); err != nil && rep.Err == "" {
		rep.Err = err.Error()
	}
	cancel()
	wg.Wait()
	rep.Slow, rep.NonReaderSent = slow.result(), flood.sent()
	if rep.Clean.P99 > 0 {
		rep.P99Ratio = rep.Loaded.P99 / rep.Clean.P99
	}
	return rep
}

// rssBound is what the non-readers may make the server hold, doubled for
// the allocator: per connection its output limit and the reads it holds,
// plus the backend's receive pool.
func (s SlowSpec) rssBound() int64 {
	perConn := int64(pendingLimit(s.MaxPending)) + int64(max(s.HeldReads, 1))*server.DefaultReadBuffer
	return 2*int64(s.NonReaders)*perConn + s.RecvPool
}

func pendingLimit(maxPending int) int {
	if maxPending <= 0 {
		return server.DefaultMaxPending
	}
	return maxPending
}

// measure runs one closed-loop loadgen window and returns its latency and
// the errors it counted.
func measure(ctx context.Context, t Target, s SlowSpec) (loadgen.Summary, uint64, error) {
	g, err := loadgen.Dial(ctx, loadgen.Config{Addrs: t.Addrs[:1], Active: s.Active, Mode: loadgen.Closed})
	if err != nil {
		return loadgen.Summary{}, 0, err
	}
	defer g.Close()
	res, err := g.Run(ctx, s.Window, nil)
	if err != nil {
		return loadgen.Summary{}, 0, err
	}
	e := res.Errors
	return res.Latency, e.Verify() + e.Timeout + e.ClosedByPeer + e.Read + e.Write + e.Connect, nil
}
