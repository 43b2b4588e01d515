package faults

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"time"

	"github.com/muxbench/muxbench/internal/handler"
	"github.com/muxbench/muxbench/internal/server"
)

// FloodSpec is one hostile burst. Burst is written at once on one
// connection that then reads nothing; meanwhile a probe client sends Probe
// and reads ProbeReply bytes back, Exchanges times, each within opTimeout.
// The target must run the handler the burst speaks (bench serve --handler).
type FloodSpec struct {
	Name       string `json:"name"`
	Burst      []byte `json:"-"`
	BurstBytes int    `json:"burst_bytes"`
	Requests   int    `json:"burst_requests"`
	Probe      []byte `json:"-"`
	ProbeReply int    `json:"probe_reply_bytes"`
	Exchanges  int    `json:"exchanges"`
	// RSSBound is the server's allowed RSS growth (a child server only):
	// its output limit plus one call's output and one read, doubled for
	// the Go heap, plus goHeapSlack.
	RSSBound int64 `json:"rss_bound_bytes"`
}

// burstSize is one default read of the server: the most one read hands
// the handler at once.
const burstSize = server.DefaultReadBuffer

// HTTPFlood is the pipelined-http flood: one read's worth of the shortest
// GET (3,640 of them), each answered with replySize bytes of body, against
// the http handler started with that --reply-size.
func HTTPFlood(replySize int) FloodSpec {
	const get = "GET / HTTP/1.1\r\n\r\n"
	h, err := handler.NewHTTP(handler.Options{ReplySize: replySize})
	if err != nil {
		panic(err) // a programming error: the callers pass fixed sizes
	}
	_, reply, _ := h.Handle([]byte(get), nil)
	n := burstSize / len(get)
	burst := bytes.Repeat([]byte(get), n)
	return FloodSpec{Name: "pipelined-http", Burst: burst, BurstBytes: len(burst), Requests: n, Probe: []byte(get),
		ProbeReply: len(reply), Exchanges: 5, RSSBound: floodRSSBound(len(reply))}
}

// RPCFlood is the rpc-work flood: one read's worth of requests (2,730) each
// asking for workMicros of CPU, against the rpc handler; the probe asks for
// none.
func RPCFlood(workMicros uint32) FloodSpec {
	var burst []byte
	n := burstSize / handler.RPCHeaderSize
	for i := range n {
		burst = handler.AppendRPCRequest(burst, uint64(i), 0, workMicros, nil)
	}
	return FloodSpec{Name: "rpc-work", Burst: burst, BurstBytes: len(burst), Requests: n,
		Probe: handler.AppendRPCRequest(nil, 1<<40, 0, 0, nil), ProbeReply: handler.RPCHeaderSize,
		Exchanges: 5, RSSBound: floodRSSBound(handler.RPCHeaderSize)}
}

// goHeapSlack is RSS a Go server grows by beyond twice its live output:
// the collector does not run below its 4 MB minimum heap goal, and an
// output buffer grown by append leaves each outgrown array resident until
// it does (a 1.6 MiB []byte appended 64 KiB at a time raised a process's
// anonymous RSS by 4.8 MiB), and the flood runs code the server had not
// touched yet. Measured: at most 8.0 MiB of growth for the http flood in
// bench serve children of every backend (18 runs each), where the
// doubled output is 2.8 MiB; before the handlers bounded their output
// per call, this burst made one http handler call return 239 MB.
const goHeapSlack = 8 << 20

func floodRSSBound(reply int) int64 {
	return 2*int64(server.DefaultMaxPending+handler.MaxOutputPerCall+reply+server.DefaultReadBuffer) + goHeapSlack
}

// FloodReport is what Flood measured.
type FloodReport struct {
	Spec FloodSpec `json:"spec"`
	// Written is how much of the burst the flooder wrote.
	Written    int           `json:"burst_written_bytes"`
	Exchanges  int           `json:"probe_exchanges"`
	MaxLatency time.Duration `json:"probe_max_latency_ns"`
	Before     Resources     `json:"server_before"`
	Peak       Resources     `json:"server_peak"`
	Err        string        `json:"error,omitempty"`
}

// Survived: the flood ran, every probe exchange was answered in time and,
// for a child server, RSS growth stayed within the bound. A report of no
// flood (the zero value: its child never started) is not survived.
func (r FloodReport) Survived() bool {
	return r.Err == "" && r.Spec.Exchanges > 0 && r.Exchanges == r.Spec.Exchanges && r.MemoryBounded()
}

// RSSGrowth is the server's RSS at the end of the probe minus before the
// burst (0 for an in-process server, whose RSS is not its own).
func (r FloodReport) RSSGrowth() int64 { return r.Peak.RSSBytes - r.Before.RSSBytes }

// MemoryBounded: RSS growth within the bound, or n/a in-process.
func (r FloodReport) MemoryBounded() bool {
	return r.Before.RSSBytes == 0 || r.RSSGrowth() <= r.Spec.RSSBound
}

// Flood writes the burst, then runs the probe while the flooder reads
// nothing, and reads the server's resources at the end of it.
func Flood(t Target, s FloodSpec) (rep FloodReport) {
	rep.Spec = s
	var err error
	if rep.Before, err = t.resources(); err != nil {
		rep.Err = err.Error()
		return rep
	}
	flooder, err := net.DialTimeout("tcp", t.Addrs[0], opTimeout)
	if err != nil {
		rep.Err = "flooder: " + err.Error()
		return rep
	}
	defer flooder.Close() // a server still working off the burst fails its next write and drops it
	flooder.SetWriteDeadline(time.Now().Add(opTimeout))
	if rep.Written, err = flooder.Write(s.Burst); err != nil {
		rep.Err = "flooder: " + err.Error()
		return rep
	}
	rep.Exchanges, rep.MaxLatency, err = probe(t.Addrs[0], s)
	if err != nil {
		rep.Err = err.Error()
	}
	if rep.Peak, err = t.resources(); err != nil && rep.Err == "" {
		rep.Err = err.Error()
	}
	return rep
}

// probe runs the spec's exchanges on a fresh connection and returns how
// many completed and the slowest one.
func probe(addr string, s FloodSpec) (int, time.Duration, error) {
	c, err := net.DialTimeout("tcp", addr, opTimeout)
	if err != nil {
		return 0, 0, fmt.Errorf("probe: %w", err)
	}
	defer c.Close()
	reply := make([]byte, s.ProbeReply)
	var slowest time.Duration
	for i := range s.Exchanges {
		start := time.Now()
		c.SetDeadline(start.Add(opTimeout))
		if _, err := c.Write(s.Probe); err != nil {
			return i, slowest, fmt.Errorf("probe %d: %w", i+1, err)
		}
		if _, err := io.ReadFull(c, reply); err != nil {
			return i, slowest, fmt.Errorf("probe %d of %d during the %s flood: %w", i+1, s.Exchanges, s.Name, err)
		}
		slowest = max(slowest, time.Since(start))
	}
	return s.Exchanges, slowest, nil
}
