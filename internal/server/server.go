// Package server holds what every backend shares at its edge: the
// configuration it is started with, the Server interface that bench and the
// conformance suite drive, the counters a backend reports about itself, and
// the Lifecycle an event-loop backend implements Serve, Close and Counters
// with. The backends live under servers/; this package has no backend code.
package server

import (
	"context"
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/muxbench/muxbench/internal/handler"
)

// Default limits. MaxPending bounds each connection's unsent output: above it
// the backend stops reading that connection (and only that one) until the
// output drains to half of it or less (to 0 for a limit of 1).
const (
	DefaultMaxPending = 1 << 20
	DefaultReadBuffer = 64 << 10
)

// Lingering close. A connection the handler ends (an error or
// handler.ErrClose) while its peer may still be sending is not closed at
// once: close(2) with unread input makes the kernel send RST and drop what
// of the last reply is still in the send queue. Every backend shuts its
// write side down instead (FIN after the reply), reads and discards until
// the peer's EOF, then closes; it gives up after LingerTime or after
// LingerBytes discarded, whichever comes first. A connection ended by its
// peer, an error or a stop closes at once.
const (
	LingerTime  = 2 * time.Second
	LingerBytes = 1 << 20
)

// Config is what a backend is started with.
type Config struct {
	// Addrs are the TCP addresses to listen on ("127.0.0.1:0" picks a port).
	// Several addresses spread a large idle fleet over several ports.
	Addrs []string
	// Handler serves every connection.
	Handler handler.Handler
	// MaxPending is the per-connection limit in bytes (0: default) on
	// output not yet sent (above it the backend stops reading the
	// connection) and on input the handler left unconsumed (a partial
	// request above it closes the connection). Every backend applies both.
	MaxPending int
	// ReadBuffer is the size of one read(2) in bytes (0: default).
	ReadBuffer int
	// Logf, if set, receives rare diagnostics (a refused fd, EMFILE). It is
	// never called on the request path.
	Logf func(format string, args ...any)
}

// WithDefaults returns c with zero fields set to their defaults.
func (c Config) WithDefaults() Config {
	if c.MaxPending <= 0 {
		c.MaxPending = DefaultMaxPending
	}
	if c.ReadBuffer <= 0 {
		c.ReadBuffer = DefaultReadBuffer
	}
	if c.Logf == nil {
		c.Logf = func(string, ...any) {}
	}
	return c
}

// Validate reports a configuration that cannot be served.
func (c Config) Validate() error {
	if len(c.Addrs) == 0 {
		return errors.New("server: no listen address")
	}
	if c.Handler == nil {
		return errors.New("server: no handler")
	}
	if c.MaxPending < 0 || c.ReadBuffer < 0 {
		return fmt.Errorf("server: max pending %d and read buffer %d must be >= 0 bytes (0: the defaults, %d and %d)",
			c.MaxPending, c.ReadBuffer, DefaultMaxPending, DefaultReadBuffer)
	}
	return nil
}

// Server is one running backend. A Server is created listening (so a port
// in use is reported by the constructor), serves from Serve, and is stopped by
// Close or by cancelling Serve's context.
type Server interface {
	// Addrs are the bound listen addresses, in Config.Addrs order.
	Addrs() []net.Addr
	// Serve runs the backend until Close or ctx is done, then releases every
	// listener and connection before returning. It returns nil after a
	// requested stop and the cause otherwise.
	Serve(ctx context.Context) error
	// Close stops Serve and waits for it to release everything. It is safe to
	// call more than once, from any goroutine, and before Serve.
	Close() error
	// Counters returns a consistent snapshot of the backend's own counters.
	// It is safe to call from any goroutine while Serve runs; the event-loop
	// backends answer it from the loop goroutine, so the hot path keeps plain,
	// unsynchronised integers.
	Counters() Counters
}

// ErrClosed is returned by operations on a server that was closed.
var ErrClosed = errors.New("server: closed")
