package reliability

import (
	"time"

	"github.com/muxbench/muxbench/internal/chaos"
	"github.com/muxbench/muxbench/internal/faults"
)

// Size is how big each scenario is.
type Size struct {
	Resets, HalfOpen, FdLimit, FdFlood int
	Slow                               faults.SlowSpec
	Chaos                              chaos.Config
	// HTTPReply is the body size each pipelined GET of the http flood asks
	// for; RPCWorkMicros the CPU work each request of the rpc flood asks for.
	HTTPReply     int    `json:"http_flood_reply_bytes"`
	RPCWorkMicros uint32 `json:"rpc_flood_work_us"`
}

// SizeFor is the full size, or with quick the scaled-down one (well under
// a minute per backend).
func SizeFor(quick bool) Size {
	if quick {
		return Size{Resets: 1000, HalfOpen: 200, FdLimit: 64, FdFlood: 192,
			Slow: faults.SlowSpec{Active: 4, Window: 500 * time.Millisecond, Slowloris: 1, SlowBytes: 3,
				SlowInterval: 200 * time.Millisecond, NonReaders: 100, NonReaderBytes: 8 << 20},
			Chaos:     chaos.Config{Clients: 8, Duration: 2 * time.Second, MaxExchanges: 500, MaxMsg: 32 << 10, MaxDepth: 16},
			HTTPReply: 64 << 10, RPCWorkMicros: 10_000}
	}
	return Size{Resets: 10000, HalfOpen: 1000, FdLimit: 128, FdFlood: 1000,
		Slow: faults.SlowSpec{Active: 4, Window: 3 * time.Second, Slowloris: 1, SlowBytes: 5,
			SlowInterval: time.Second, NonReaders: 100, NonReaderBytes: 32 << 20},
		Chaos:     chaos.Config{Clients: 16, Duration: 10 * time.Second, MaxExchanges: 20000, MaxMsg: 64 << 10, MaxDepth: 16},
		HTTPReply: 64 << 10, RPCWorkMicros: 10_000}
}
