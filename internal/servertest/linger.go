package servertest

import (
	"bytes"
	"io"
	"testing"

	"github.com/muxbench/muxbench/internal/handler"
	"github.com/muxbench/muxbench/internal/server"
)

// lingerJunk follows the closing request: bytes the server never reads
// before it closes, more than its first read takes.
const lingerJunk = 256 << 10

// testLastReplySurvivesUnreadInput: the server ends a connection (here
// HTTP's Connection: close) while unread input is still queued to it. A
// plain close(2) then sends RST and drops the reply's tail still in the
// server's send queue; the server must shut its side down, let the client
// read everything, and drain the input before it closes.
func testLastReplySurvivesUnreadInput(t *testing.T, b Backend) {
	needsGoHandler(t, b, "http")
	h, err := handler.NewHTTP(handler.Options{ReplySize: 8 << 20})
	if err != nil {
		t.Fatal(err)
	}
	const closing = "GET / HTTP/1.1\r\nConnection: close\r\n\r\n"
	_, reply, _ := h.Handle([]byte(closing), nil)
	hs := start(t, b, h)
	c := dial(t, hs.addr)
	if err := c.SetReadBuffer(64 << 10); err != nil {
		t.Fatal(err)
	}
	wrote := writeAsync(c, append([]byte(closing), bytes.Repeat([]byte("x"), lingerJunk)...))
	got, err := io.ReadAll(c)
	if err != nil || !bytes.Equal(got, reply) {
		t.Fatalf("read %d of the last reply's %d bytes, then %v; want all, then EOF", len(got), len(reply), err)
	}
	<-wrote // the server may stop reading the junk before it is all sent
	c.Close()
	hs.counted(t, "the close to be counted", func(c server.Counters) bool { return c.Closes == 1 && c.Active == 0 })
}
