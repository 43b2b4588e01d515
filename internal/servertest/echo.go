package servertest

import (
	"bytes"
	"encoding/json"
	"io"
	"net"
	"strings"
	"testing"

	"github.com/muxbench/muxbench/internal/handler"
	"github.com/muxbench/muxbench/internal/registry"
	"github.com/muxbench/muxbench/internal/server"
)

// pattern returns n bytes that differ by seed and position, so a dropped,
// duplicated or reordered chunk shows up as a mismatch.
func pattern(n int, seed byte) []byte {
	p := make([]byte, n)
	for i := range p {
		p[i] = byte(i*7+i/251) ^ seed
	}
	return p
}

// writeAsync writes p on c from a goroutine and closes the returned
// channel with the result, so a large echo can be read while it is sent.
func writeAsync(c net.Conn, p []byte) <-chan error {
	done := make(chan error, 1)
	go func() {
		_, err := c.Write(p)
		done <- err
	}()
	return done
}

// expectEcho reads len(want) bytes from c and compares them.
func expectEcho(t *testing.T, c net.Conn, want []byte) {
	t.Helper()
	got := make([]byte, len(want))
	if _, err := io.ReadFull(c, got); err != nil {
		t.Fatalf("reading %d-byte echo: %v", len(want), err)
	}
	if !bytes.Equal(got, want) {
		i := 0
		for i < len(got) && got[i] == want[i] {
			i++
		}
		t.Fatalf("%d-byte echo differs first at byte %d", len(want), i)
	}
}

func testEcho(t *testing.T, b Backend) {
	tests := []struct {
		name string
		size int
	}{
		{name: "1B", size: 1},
		{name: "64B", size: 64},
		{name: "64KiB", size: 64 << 10},
		{name: "4MiB", size: 4 << 20},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			hs := start(t, b, handler.Echo{})
			c := dial(t, hs.addr)
			msg := pattern(tc.size, 1)
			wrote := writeAsync(c, msg)
			expectEcho(t, c, msg)
			if err := <-wrote; err != nil {
				t.Fatalf("write: %v", err)
			}
			c.Close()
			got := hs.counted(t, "the close to be counted", func(c server.Counters) bool { return c.Closes == 1 })
			checkEchoCounters(t, b, got, uint64(tc.size))
		})
	}
}

// checkEchoCounters checks the counters of a server that echoed total bytes
// to one connection, now closed.
func checkEchoCounters(t *testing.T, b Backend, c server.Counters, total uint64) {
	t.Helper()
	if c.Accepts != 1 || c.Active != 0 || c.BytesIn != total || c.BytesOut != total {
		t.Errorf("counters accepts=%d active=%d in=%d out=%d, want 1, 0, %d, %d",
			c.Accepts, c.Active, c.BytesIn, c.BytesOut, total, total)
	}
	if b.Kind == registry.Completion {
		checkCompletionCounters(t, c)
		return
	}
	if c.Reads == 0 || c.Writes == 0 {
		t.Errorf("counters reads=%d writes=%d, want both > 0", c.Reads, c.Writes)
	}
	if b.CountsWaits() && (c.WaitCalls == 0 || c.AcceptCalls < c.Accepts || c.EventsReturned == 0) {
		t.Errorf("raw backend counters waits=%d events=%d accept calls=%d, want > 0, > 0, >= accepts",
			c.WaitCalls, c.EventsReturned, c.AcceptCalls)
	}
	checkUnsupported(t, c)
}

// checkCompletionCounters: a completion-based backend did its work through
// the ring, and made none of the readiness backends' syscalls.
func checkCompletionCounters(t *testing.T, c server.Counters) {
	t.Helper()
	if c.EnterCalls == 0 || c.SQEsSubmitted == 0 || c.CQEsReaped == 0 || c.Recvs == 0 || c.Sends == 0 {
		t.Errorf("completion counters enters=%d sqes=%d cqes=%d recvs=%d sends=%d, want all > 0",
			c.EnterCalls, c.SQEsSubmitted, c.CQEsReaped, c.Recvs, c.Sends)
	}
	if c.WaitCalls+c.Reads+c.Writes+c.AcceptCalls+c.CtlSyscalls != 0 {
		t.Errorf("completion backend counted readiness syscalls: waits=%d reads=%d writes=%d accept calls=%d ctl=%d, want 0",
			c.WaitCalls, c.Reads, c.Writes, c.AcceptCalls, c.CtlSyscalls)
	}
	checkUnsupported(t, c)
}

// checkUnsupported asserts every field a backend calls unsupported is zero,
// so no reader mistakes a blind counter for a measured zero or vice versa.
func checkUnsupported(t *testing.T, c server.Counters) {
	t.Helper()
	raw, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	var fields map[string]any
	if err := json.Unmarshal(raw, &fields); err != nil {
		t.Fatal(err)
	}
	for _, name := range c.Unsupported {
		v, ok := fields[name]
		if !ok {
			t.Errorf("Unsupported names %q, which is no counter field", name)
		} else if v != float64(0) {
			t.Errorf("unsupported counter %s = %v, want 0", name, v)
		}
	}
}

// testPipelined sends many requests before reading any reply.
func testPipelined(t *testing.T, b Backend) {
	hs := start(t, b, handler.Echo{})
	Pipelined(t, hs.addr)
}

// testLines drives the framed test handler: partial input kept, ErrClose
// flushed then closed, a protocol error closes the connection.
func testLines(t *testing.T, b Backend) {
	tests := []struct {
		name   string
		chunks []string
		want   string
		closed bool
	}{
		{name: "partial line kept", chunks: []string{"hel", "lo\nwor", "ld\n"}, want: "hello\nworld\n"},
		{name: "many lines in one write", chunks: []string{strings.Repeat("ab\n", 500)}, want: strings.Repeat("ab\n", 500)},
		{name: "line longer than a read", chunks: []string{strings.Repeat("x", 100<<10) + "\n"}, want: strings.Repeat("x", 100<<10) + "\n"},
		{name: "ErrClose flushes then closes", chunks: []string{"a\nquit\nb\n"}, want: "a\nbye\n", closed: true},
		{name: "protocol error closes", chunks: []string{"a\nbad\nb\n"}, want: "a\nerr\n", closed: true},
	}
	needsGoHandler(t, b, "lines")
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			hs := start(t, b, lines{})
			c := dial(t, hs.addr)
			for _, chunk := range tc.chunks {
				if _, err := c.Write([]byte(chunk)); err != nil {
					t.Fatalf("write: %v", err)
				}
			}
			expectEcho(t, c, []byte(tc.want))
			if tc.closed {
				expectClosed(t, c)
				c.Close() // what a client does on EOF; the server may be lingering until it does
				hs.counted(t, "the close to be counted", func(c server.Counters) bool { return c.Closes == 1 })
			}
		})
	}
}

// expectClosed asserts the server closed c: a read ends with EOF or a reset
// and no more data.
func expectClosed(t *testing.T, c net.Conn) {
	t.Helper()
	var one [1]byte
	n, err := c.Read(one[:])
	if n != 0 || err == nil {
		t.Fatalf("read after the server's close = %d, %v; want 0 and EOF or reset", n, err)
	}
	if isTimeout(err) {
		t.Fatalf("server did not close the connection: %v", err)
	}
}

func isTimeout(err error) bool {
	ne, ok := err.(net.Error)
	return ok && ne.Timeout()
}
