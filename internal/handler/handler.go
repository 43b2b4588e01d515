// Package handler holds the one application interface every backend serves:
// a byte-oriented, append-style handler that knows nothing about how readiness
// is discovered. The same handler value runs under select, poll, epoll (LT and
// ET) and Go's net poller, so a difference in the measurements is a difference
// in I/O multiplexing, not in application code.
package handler

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Handler turns received bytes into reply bytes.
//
// Handle is given every byte received and not yet consumed, in order, in in.
// It consumes a prefix of in (a whole number of requests; a partial request is
// left unconsumed and is presented again, with the bytes that follow it, on
// the next call) and appends its replies to out, returning the extended slice.
//
// Ownership: in is borrowed until Handle returns and must not be retained or
// modified. out may be a slice of a loop-owned buffer; Handle must only append
// to it (never read or rewrite its existing bytes) and return the result.
//
// A returned error ends the connection: ErrClose (possibly wrapped) means
// "flush what is in out, then close" (e.g. HTTP Connection: close); any other
// error is a protocol violation and the connection is closed without further
// reads (replies already appended are still flushed when possible).
//
// ErrYield, returned unwrapped, is not an end: the handler stopped with
// whole requests left in in[consumed:] to bound the output or work of one
// call (at least one request is answered first: consumed > 0, or the backend
// closes the connection rather than spin). The backend sends out, then calls
// Handle again with the rest on a later turn of its loop, without waiting
// for new bytes, once the connection's pending output is back under its
// limit (Config.MaxPending); other connections and a stop are served in
// between. It does not read that connection until the handler has answered
// the rest without yielding, so a client that keeps sending is held back by
// TCP flow control. A handler that answers every request at once, as Echo
// does, never yields.
//
// One Handler value serves every connection of a server, concurrently under
// the netpoll backend: implementations keep no per-connection state and must
// be safe for concurrent use.
type Handler interface {
	Handle(in, out []byte) (consumed int, reply []byte, err error)
}

// ErrClose asks the backend to flush pending output and then close.
var ErrClose = errors.New("handler: close after flushing")

// ErrYield asks the backend to send the replies so far and call Handle
// again, later, with the unconsumed rest (see Handler).
var ErrYield = errors.New("handler: more to do, call again")

// MaxOutputPerCall is the output budget of one Handle call for the
// handlers of this package: once a call's replies reach it, the handler
// yields (ErrYield) before the next request. One reply may exceed it, so a
// call appends at most MaxOutputPerCall plus one reply.
const MaxOutputPerCall = 256 << 10

// Options configures the handlers that take parameters. Echo ignores them.
type Options struct {
	// ReplySize is the reply body size in bytes for handlers with a fixed
	// reply (rpc default, http body).
	ReplySize int
	// WorkMicros is the CPU work, in µs of busy spinning, the rpc handler
	// does for a request that asks for the server's default.
	WorkMicros int
}

// Constructor builds a handler from options.
type Constructor func(Options) (Handler, error)

var registry = map[string]Constructor{}

// Register makes a handler available by name. It is called from init
// functions of the files that define handlers; a duplicate name is a
// programming error.
func Register(name string, c Constructor) {
	if _, dup := registry[name]; dup {
		panic("handler: duplicate registration of " + name)
	}
	registry[name] = c
}

// New returns the handler registered under name.
func New(name string, opts Options) (Handler, error) {
	c, ok := registry[name]
	if !ok {
		return nil, fmt.Errorf("unknown handler %q (known: %s)", name, strings.Join(Names(), ", "))
	}
	return c(opts)
}

// Names lists the registered handler names, sorted.
func Names() []string {
	names := make([]string, 0, len(registry))
	for n := range registry {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
