package iouring_test

import (
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/muxbench/muxbench/internal/server"
	iouring "github.com/muxbench/muxbench/servers/io_uring"
)

// gate echoes, except that a call whose input starts with 'B' waits for
// release, holding the loop inside Handle, where the kernel can only queue
// completion work for the loop's next enter.
type gate struct{ entered, release chan struct{} }

func (g gate) Handle(in, out []byte) (int, []byte, error) {
	if in[0] == 'B' {
		g.entered <- struct{}{}
		<-g.release
	}
	return len(in), append(out, in...), nil
}

// TestDeferredWorkRunsInOneTurn: a snapshot request and then 100 recvs
// become ready while the loop is held in a handler: 101 items of deferred
// completion work, queued in that order. The turn that answers the
// snapshot must have handled all 100 recvs. A kernel since 6.13 runs at
// most 20 items per pass, two passes in an enter that submits, so without
// runDeferred the snapshot came with 39 of them (and the held call's) and
// the other 61 waited for later turns, as the quiet connections of a
// flood waited behind a backlog that kept growing.
func TestDeferredWorkRunsInOneTurn(t *testing.T) {
	const quiet = 100
	g := gate{entered: make(chan struct{}), release: make(chan struct{})}
	s := serve(t, server.Config{Handler: g})
	conns := make([]net.Conn, quiet+1)
	for i := range conns {
		conns[i] = dialT(t, s.addr)
		echoByte(t, conns[i], 'x') // its recv is armed
	}
	before := s.srv.Counters()
	conns[quiet].Write([]byte("B"))
	<-g.entered
	snap := make(chan server.Counters, 1)
	go func() { snap <- s.srv.Counters() }()
	awaitEventfd(t, iouring.WakeFd(s.srv)) // the snapshot's wake-up is queued first
	for _, c := range conns[:quiet] {
		c.Write([]byte("y"))
	}
	close(g.release)
	if got := (<-snap).Recvs - before.Recvs; got < quiet+1 {
		t.Fatalf("the turn answering the snapshot handled %d recvs, want %d: the rest of the deferred work was left for later turns", got, quiet+1)
	}
	for i, c := range conns {
		want := map[bool]byte{true: 'B', false: 'y'}[i == quiet]
		readByte(t, c, want)
	}
}

// echoByte makes one one-byte round trip on c.
func echoByte(t *testing.T, c net.Conn, b byte) {
	t.Helper()
	if _, err := c.Write([]byte{b}); err != nil {
		t.Fatal(err)
	}
	readByte(t, c, b)
}

func readByte(t *testing.T, c net.Conn, want byte) {
	t.Helper()
	buf := make([]byte, 1)
	if _, err := io.ReadFull(c, buf); err != nil || buf[0] != want {
		t.Fatalf("echo %q, %v; want %q", buf, err, want)
	}
}

// awaitEventfd polls the eventfd's count in /proc (bounded) until someone
// has written it.
func awaitEventfd(t *testing.T, fd int) {
	t.Helper()
	path := fmt.Sprintf("/proc/self/fdinfo/%d", fd)
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(line, "eventfd-count:"); ok {
				if n, err := strconv.ParseUint(strings.TrimSpace(v), 16, 64); err == nil && n > 0 {
					return
				}
			}
		}
	}
	t.Fatal("the snapshot request never wrote the wake eventfd")
}
