package iouring_test

import (
	"io"
	"net"
	"testing"
	"time"

	"github.com/muxbench/muxbench/internal/handler"
	"github.com/muxbench/muxbench/internal/server"
)

// closer answers its first input with "bye" and ends the connection.
type closer struct{}

func (closer) Handle(in, out []byte) (int, []byte, error) {
	return len(in), append(out, "bye"...), handler.ErrClose
}

// lingering serves closer and returns a client that has read the reply and
// the EOF of the server's write side: the server is lingering now.
func lingering(t *testing.T) (*served, *net.TCPConn) {
	t.Helper()
	s := serve(t, server.Config{Handler: closer{}})
	c := dialT(t, s.addr)
	if _, err := c.Write([]byte("x")); err != nil {
		t.Fatal(err)
	}
	if got, err := io.ReadAll(c); err != nil || string(got) != "bye" {
		t.Fatalf("read %q, %v; want the reply and EOF", got, err)
	}
	return s, c
}

// TestLingeringCloseIsBounded: a connection the handler ended, whose peer
// neither closes nor stops sending, closes after server.LingerTime (time),
// or once server.LingerBytes are discarded (bytes), not at once; the loop
// waits for the deadline without spinning.
func TestLingeringCloseIsBounded(t *testing.T) {
	t.Run("time", func(t *testing.T) {
		s, _ := lingering(t)
		eof := time.Now()
		first := s.srv.Counters()
		if first.Closes != 0 {
			t.Fatal("closed as soon as the reply was sent: no lingering")
		}
		polls, last := pollCloses(t, s, 1)
		if waited := time.Since(eof); waited < server.LingerTime/2 {
			t.Errorf("closed %v after the reply, want about server.LingerTime (%v)", waited, server.LingerTime)
		}
		enters := last.EnterCalls - first.EnterCalls
		t.Logf("closed %v after the reply; %d io_uring_enter calls for %d snapshots", time.Since(eof).Round(time.Millisecond), enters, polls)
		if enters > 2*polls+4 {
			t.Errorf("%d io_uring_enter calls for %d snapshots while lingering: the loop spins", enters, polls)
		}
	})
	t.Run("bytes", func(t *testing.T) {
		s, c := lingering(t)
		if err := c.SetWriteBuffer(64 << 10); err != nil {
			t.Fatal(err)
		}
		const flood = 16 * server.LingerBytes
		if _, err := c.Write(make([]byte, flood)); err == nil {
			t.Fatalf("the server read all %d bytes while lingering, allowance %d", flood, server.LingerBytes)
		}
		_, got := pollCloses(t, s, 1)
		if in := got.BytesIn - 1; in < server.LingerBytes || in >= flood {
			t.Errorf("discarded %d bytes, want the allowance (%d) or a little more", in, server.LingerBytes)
		}
	})
}

// pollCloses polls the counters every few ms, a bounded number of times,
// until closes connections were closed; it returns the polls and the last
// snapshot.
func pollCloses(t *testing.T, s *served, closes uint64) (uint64, server.Counters) {
	t.Helper()
	for polls := uint64(1); polls <= 1000; polls++ {
		if c := s.srv.Counters(); c.Closes >= closes {
			return polls, c
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("not closed after 5 s: %+v", s.srv.Counters())
	return 0, server.Counters{}
}
