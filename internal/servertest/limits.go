package servertest

import (
	"bytes"
	"io"
	"strconv"
	"testing"
	"time"

	"github.com/muxbench/muxbench/internal/handler"
	"github.com/muxbench/muxbench/internal/server"
)

// testLimits: every positive Config.MaxPending works, and it means the same
// on every backend.
func testLimits(t *testing.T, b Backend) {
	for _, limit := range []int{1, 2, 4096} {
		t.Run("max-pending "+strconv.Itoa(limit)+" resumes", func(t *testing.T) { testSmallMaxPendingResumes(t, b, limit) })
	}
}

// limitDeadline bounds the small-limit echo: it takes well under a second,
// and a paused connection that never resumes must fail the test soon.
const limitDeadline = 10 * time.Second

// testSmallMaxPendingResumes: with a tiny output limit, a client that sends
// more than every socket buffer holds and reads only once the server has
// paused it (raw backends) still gets every byte back: a paused connection
// resumes however small the limit.
func testSmallMaxPendingResumes(t *testing.T, b Backend, limit int) {
	hs := start(t, b, handler.Echo{}, func(c *server.Config) { c.MaxPending = limit })
	c := dial(t, hs.addr)
	if err := c.SetDeadline(time.Now().Add(limitDeadline)); err != nil {
		t.Fatal(err)
	}
	if err := c.SetReadBuffer(64 << 10); err != nil {
		t.Fatal(err)
	}
	msg := pattern(stallSize, 9)
	wrote := writeAsync(c, msg)
	if b.Raw {
		hs.counted(t, "a backpressure pause", func(c server.Counters) bool { return c.BackpressurePauses > 0 })
	}
	got := make([]byte, len(msg))
	n, err := io.ReadFull(c, got)
	if err != nil {
		t.Fatalf("MaxPending %d: read %d of %d echoed bytes: %v", limit, n, len(msg), err)
	}
	if err := <-wrote; err != nil {
		t.Fatalf("write: %v", err)
	}
	if !bytes.Equal(got, msg) {
		t.Fatal("echo differs from what was sent")
	}
}
