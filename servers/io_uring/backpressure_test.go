package iouring_test

import (
	"io"
	"sync"
	"testing"
	"time"

	"github.com/muxbench/muxbench/internal/server"
	iouring "github.com/muxbench/muxbench/servers/io_uring"
)

// TestNonReadersHoldLittle: clients that send MiBs and never read make
// the server pause them (backpressure); what it then holds for each, the
// unsent echo plus the input received before the pause took effect, stays
// within MaxPending plus a few buffers, with the limited multishot recv
// and with single recvs alike. The counters give it exactly: the echo
// handler holds BytesIn - BytesOut. Unlimited, a multishot recv went on
// delivering up to the whole pool (16 MiB) in one enter to connections
// already paused: 6 to 16 MiB held for 4 clients, against a bound of
// 1.25 MiB. Another client is served beside them.
func TestNonReadersHoldLittle(t *testing.T) {
	const (
		clients    = 4
		maxPending = 64 << 10
		bufSize    = 64 << 10
		perClient  = 16 << 20
		// The most held per client: MaxPending, the one completion that
		// passes it, and the two buffers of one arming echoed at resume.
		bound = clients * (maxPending + 4*bufSize)
	)
	modes := []struct {
		name string
		o    iouring.Options
	}{
		{name: "limited multishot", o: iouring.Options{}},
		{name: "single recvs", o: iouring.WithSingleRecvs(iouring.Options{})},
	}
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			s := listeningWith(t, server.Config{MaxPending: maxPending, ReadBuffer: bufSize}, m.o)
			s.start(t)
			var wg sync.WaitGroup
			t.Cleanup(wg.Wait) // after the clients close (cleanups run last first)
			deadline := time.Now().Add(time.Second)
			for range clients {
				c := dialT(t, s.addr)
				c.SetReadBuffer(4 << 10) // the echo stalls soon
				c.SetWriteDeadline(deadline)
				wg.Add(1)
				go func() {
					defer wg.Done()
					c.Write(make([]byte, perClient))
				}()
			}
			done := make(chan struct{})
			go func() { wg.Wait(); close(done) }()
			var most uint64
			for polling := true; polling; {
				select {
				case <-done:
					polling = false
				default:
				}
				c := s.srv.Counters() // a loop wake-up: the turns' counters, not a sleep
				most = max(most, c.BytesIn-c.BytesOut)
				if most > bound {
					t.Fatalf("the server holds %d bytes for %d non-readers, want at most %d: %+v", most, clients, bound, c)
				}
			}
			c := s.srv.Counters()
			if c.BackpressurePauses < clients {
				t.Fatalf("%d backpressure pauses for %d non-readers: the test did not pause them", c.BackpressurePauses, clients)
			}
			t.Logf("held at most %d bytes (bound %d), %d pauses", most, bound, c.BackpressurePauses)
			echoOnce(t, s.addr)
		})
	}
}

// echoOnce makes one round trip on a new connection.
func echoOnce(t *testing.T, addr string) {
	t.Helper()
	c := dialT(t, addr)
	if _, err := c.Write([]byte("ping")); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 4)
	if _, err := io.ReadFull(c, buf); err != nil || string(buf) != "ping" {
		t.Fatalf("echo beside the non-readers = %q, %v", buf, err)
	}
}
