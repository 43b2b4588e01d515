package control

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/muxbench/muxbench/internal/server"
)

// Commands a parent sends (see the package comment).
const (
	CmdCounters = "counters"
	CmdStop     = "stop"
)

// The parent's bounds on a child (see the package comment).
const (
	HelloTimeout  = 15 * time.Second
	AnswerTimeout = 10 * time.Second
	ExitTimeout   = 10 * time.Second
)

// Hello is the child's first line. Error is set, and nothing else, when the
// child could not start.
type Hello struct {
	Pid     int      `json:"pid,omitempty"`
	Backend string   `json:"backend,omitempty"`
	Addrs   []string `json:"addrs,omitempty"`
	Error   string   `json:"error,omitempty"`
}

// errorLine is an answer, or a hello, that reports a failure.
type errorLine struct {
	Error string `json:"error"`
}

// ParseHello decodes a child's first line; an error line, or a hello
// without a pid or addresses, is an error.
func ParseHello(line []byte) (Hello, error) {
	var h Hello
	if err := json.Unmarshal(line, &h); err != nil {
		return h, fmt.Errorf("bad hello line %.80q: %w", line, err)
	}
	switch {
	case h.Error != "":
		return h, errors.New(h.Error)
	case h.Pid <= 0 || len(h.Addrs) == 0:
		return h, fmt.Errorf("hello line %.80q lacks pid or addrs", line)
	}
	return h, nil
}

// parseCounters decodes the answer to counters or stop.
func parseCounters(line []byte) (server.Counters, error) {
	var c struct {
		server.Counters
		Error string `json:"error"`
	}
	if err := json.Unmarshal(line, &c); err != nil {
		return c.Counters, fmt.Errorf("bad counters line %.80q: %w", line, err)
	}
	if c.Error != "" {
		return c.Counters, errors.New(c.Error)
	}
	return c.Counters, nil
}

// ServeArgs is the command line, after the bench binary, of a `bench serve
// --control` child of backend listening on one free loopback port; extra
// flags follow (a later --addr overrides this one).
func ServeArgs(backend string, extra ...string) []string {
	return append([]string{"serve", "--backend", backend, "--control", "--addr", "127.0.0.1:0"}, extra...)
}
