package faults

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"time"

	"github.com/muxbench/muxbench/internal/server"
)

// halfOpenMsg is what each half-open client sends before shutting down its
// write side: small enough to sit in the socket buffers, so the server can
// flush its echo and close without the client reading.
const halfOpenMsg = 1024

// HalfOpenReport is what HalfOpen measured.
type HalfOpenReport struct {
	Requested int `json:"requested"`
	Opened    int `json:"opened"`
	// ClosedByServer is how many the server closed on its own after their
	// EOF (it must be all of them: a half-closed peer is done sending).
	ClosedByServer int           `json:"closed_by_server"`
	CloseTime      time.Duration `json:"close_ns"`
	// Verified is how many echoes were read back whole after the server's
	// close, and Bytes their bytes.
	Verified     int          `json:"verified"`
	Bytes        uint64       `json:"bytes_verified"`
	ServingAfter bool         `json:"serving_after"`
	Active       ActiveReport `json:"active"`
	Err          string       `json:"error,omitempty"`
}

// Survived reports whether the server closed every half-open connection,
// echoed every byte and kept serving the active clients.
func (r HalfOpenReport) Survived() bool {
	return r.Err == "" && r.Verified == r.Requested && r.ServingAfter && r.Active.Errors == 0
}

// HalfOpen opens n connections that each send halfOpenMsg bytes, shut down
// their write side (FIN) and stop reading, while `active` clients echo. The
// server must echo, see EOF, flush and close every one; then the clients
// read their echoes back and check every byte.
func HalfOpen(ctx context.Context, t Target, n, active int) (rep HalfOpenReport) {
	rep.Requested = n
	rep.Active, rep.ServingAfter, rep.Err = underLoad(t, active, "the half-open clients", func(base server.Counters) error {
		return rep.run(ctx, t, base, n, active)
	})
	return rep
}

func (rep *HalfOpenReport) run(ctx context.Context, t Target, base server.Counters, n, active int) error {
	conns, failed, dialErr := dialMany(ctx, t.Addrs[0], n)
	rep.Opened = len(conns)
	defer func() { closeAll(conns) }()
	if failed > 0 {
		return fmt.Errorf("%d of %d connects failed: %v", failed, n, dialErr)
	}
	start := time.Now()
	for i, c := range conns {
		if _, err := c.Write(halfOpenPayload(i)); err != nil {
			return fmt.Errorf("half-open client %d: %w", i, err)
		}
		if err := c.CloseWrite(); err != nil {
			return fmt.Errorf("half-open client %d: shutdown: %w", i, err)
		}
	}
	_, err := t.waitCounters(ctx, settleTimeout, "closing the half-open connections", func(c server.Counters) bool {
		return c.Closes-base.Closes >= uint64(n) && c.Active <= base.Active+uint64(active)
	})
	rep.CloseTime = time.Since(start)
	if err != nil {
		return err
	}
	rep.ClosedByServer = n
	return rep.verify(conns)
}

// verify reads each connection's echo and then EOF.
func (rep *HalfOpenReport) verify(conns []*net.TCPConn) error {
	got := make([]byte, halfOpenMsg+1)
	for i, c := range conns {
		if err := c.SetReadDeadline(time.Now().Add(opTimeout)); err != nil {
			return err
		}
		k, err := io.ReadFull(c, got)
		if err != io.ErrUnexpectedEOF || k != halfOpenMsg || !bytes.Equal(got[:k], halfOpenPayload(i)) {
			return fmt.Errorf("half-open client %d: read %d bytes (%v), want its %d-byte echo then EOF", i, k, err, halfOpenMsg)
		}
		rep.Verified++
		rep.Bytes += 2 * halfOpenMsg
	}
	return nil
}

func halfOpenPayload(i int) []byte {
	p := make([]byte, halfOpenMsg)
	for j := range p {
		p[j] = byte(i*31 + j*7)
	}
	return p
}
