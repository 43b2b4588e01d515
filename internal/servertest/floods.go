package servertest

import (
	"bytes"
	"io"
	"net"
	"testing"

	"github.com/muxbench/muxbench/internal/handler"
	"github.com/muxbench/muxbench/internal/server"
)

// Hostile input: one connection asks in a single write for far more output
// or CPU than the server should spend on it at once. The server must answer
// in bounded pieces (handler.ErrYield), serve other connections between
// them, stay within its memory bound, and still answer every request, in
// order, once the client reads.
func testFloods(t *testing.T, b Backend) {
	needsGoHandler(t, b, "probe")
	t.Run("pipelined http", func(t *testing.T) { testHTTPFlood(t, b) })
	t.Run("rpc work", func(t *testing.T) { testRPCFlood(t, b) })
	t.Run("yield without progress", func(t *testing.T) { testYieldWithoutProgress(t, b) })
}

// stuck yields without consuming anything: a handler bug.
type stuck struct{}

func (stuck) Handle(_, out []byte) (int, []byte, error) { return 0, out, handler.ErrYield }

// testYieldWithoutProgress: a handler that yields but consumes nothing would
// be called forever; the backend closes its connection instead.
func testYieldWithoutProgress(t *testing.T, b Backend) {
	hs := start(t, b, stuck{})
	c := dial(t, hs.addr)
	if _, err := c.Write([]byte("x")); err != nil {
		t.Fatal(err)
	}
	expectClosed(t, c)
}

// httpFloodGet is the shortest request the flood repeats: one 64 KiB read
// of it is 3,640 requests.
const httpFloodGet = "GET / HTTP/1.1\r\n\r\n"

// testHTTPFlood: 7,281 pipelined GETs in one write (two 64 KiB reads) ask
// for 8 KiB each, 60 MB in all, from a client that does not read yet. Each
// Handle call must stay within handler.MaxOutputPerCall plus one reply, the
// server's heap within a few MiB, and a second client must be answered while
// the first one's requests are still unanswered; then the first one gets
// all 7,281 (the second read's worth arrived while the server held back, so
// it must resume reading on its own, with no new edge in ET mode).
func testHTTPFlood(t *testing.T, b Backend) {
	h, err := handler.NewHTTP(handler.Options{ReplySize: 8 << 10})
	if err != nil {
		t.Fatal(err)
	}
	_, reply, _ := h.Handle([]byte(httpFloodGet), nil)
	p := newProbe(h, nil)
	heapBefore := liveHeap()
	hs := start(t, b, p)
	flooder := dial(t, hs.addr)
	if err := flooder.SetReadBuffer(64 << 10); err != nil {
		t.Fatal(err)
	}
	requests := 2 * (64 << 10) / len(httpFloodGet)
	flood := bytes.Repeat([]byte(httpFloodGet), requests)
	wrote := writeAsync(flooder, flood)
	awaitStall(t, hs, p)
	if grown, limit := liveHeap()-heapBefore, int64(8<<20); grown > limit {
		t.Errorf("live heap grew by %d bytes while the flooder stalled, want <= %d", grown, limit)
	}
	if most, limit := p.maxOut.Load(), int64(handler.MaxOutputPerCall+len(reply)); most > limit {
		t.Errorf("one Handle call made %d bytes, want <= %d", most, limit)
	}
	if hs.observes("wait_calls") {
		expectIdleLoop(t, hs)
	}
	other := dial(t, hs.addr)
	if _, err := other.Write([]byte(httpFloodGet)); err != nil {
		t.Fatal(err)
	}
	expectReplies(t, other, reply, 1)
	if done, all := p.consumed.Load(), int64(len(flood)+len(httpFloodGet)); done >= all {
		t.Errorf("the other client was answered only after the whole flood (%d of %d bytes consumed)", done, all)
	}
	expectReplies(t, flooder, reply, requests)
	if err := <-wrote; err != nil {
		t.Fatalf("write: %v", err)
	}
}

// The rpc flood: a first request of rpcFloodFirst µs, during which the
// other client sends, then rpcFloodRequests of rpcFloodWork µs each, four
// times one call's work budget, so a call may answer only one. 4.3 s of
// CPU in one 24 KB write, which arrives in one read.
const (
	rpcFloodFirst    = handler.MaxRPCWorkMicros * 3 / 10
	rpcFloodRequests = 1000
	rpcFloodWork     = 4 * handler.MaxRPCWorkMicrosPerCall
)

// testRPCFlood: one write of costly rpc requests must be worked off one
// call's budget at a time, one call per loop turn: a connected client that
// sends during the first request is answered right after it, and Close
// returns long before the flood's work is done (counted in requests).
func testRPCFlood(t *testing.T, b Backend) {
	h, err := handler.NewRPC(handler.Options{})
	if err != nil {
		t.Fatal(err)
	}
	marked := handler.AppendRPCRequest(nil, 1<<40, 0, 0, nil)
	p := newProbe(h, marked)
	hs := start(t, b, p)
	other := dial(t, hs.addr)
	rpcExchange(t, other, handler.AppendRPCRequest(nil, 1, 0, 0, nil)) // accepted and served before the flood
	flood := handler.AppendRPCRequest(nil, 0, 0, rpcFloodFirst, nil)
	for i := range rpcFloodRequests {
		flood = handler.AppendRPCRequest(flood, uint64(i+1), 0, rpcFloodWork, nil)
	}
	if _, err := dial(t, hs.addr).Write(flood); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the server to start on the flood", func() bool { return p.started.Load() > 1 })
	rpcExchange(t, other, marked)
	if before := p.markedAt.Load()/handler.RPCHeaderSize - 1; before > 1 {
		t.Errorf("the other client was answered after %d flood requests, want <= 1 (the one running when it sent)", before)
	}
	all := int64(rpcFloodRequests + 3)
	hs.shut(t)
	if done := p.consumed.Load() / handler.RPCHeaderSize; done >= all {
		t.Error("Close returned only once every flood request was worked off")
	}
	if most := p.maxIn.Load(); most > handler.RPCHeaderSize {
		t.Errorf("one Handle call answered %d requests, want 1 (work %d µs each, budget %d µs)",
			most/handler.RPCHeaderSize, rpcFloodWork, handler.MaxRPCWorkMicrosPerCall)
	}
}

// rpcExchange sends one request on c and reads its header-only reply.
func rpcExchange(t *testing.T, c net.Conn, req []byte) {
	t.Helper()
	if _, err := c.Write(req); err != nil {
		t.Fatal(err)
	}
	if _, err := io.ReadFull(c, make([]byte, handler.RPCHeaderSize)); err != nil {
		t.Fatalf("rpc reply: %v", err)
	}
}

// awaitStall waits until the server has started on the flood and, if it
// counts them, paused the flooder on its output limit.
func awaitStall(t *testing.T, hs *harness, p *probe) {
	t.Helper()
	eventually(t, "the server to start on the flood", func() bool { return p.calls.Load() > 0 })
	if hs.observes("backpressure_pauses") {
		hs.counted(t, "a backpressure pause", func(c server.Counters) bool { return c.BackpressurePauses > 0 })
	}
}

// expectIdleLoop asserts that an event-loop backend whose only busy connection is
// blocked on its output makes no turn of its loop that nobody asked for:
// each snapshot costs a wake-up (two waits in edge-triggered mode, where
// reading the eventfd raises a writable edge), and a connection with input
// held back must not keep the loop polling. A loop turn is a readiness wait
// or, in a completion-based loop (which counts no waits), an io_uring_enter.
func expectIdleLoop(t *testing.T, hs *harness) {
	t.Helper()
	first := hs.srv.Counters()
	const snapshots = 10
	var last server.Counters
	for range snapshots {
		last = hs.srv.Counters()
	}
	turns := func(c server.Counters) uint64 { return c.WaitCalls + c.EnterCalls }
	if n := turns(last) - turns(first); n > 2*snapshots+2 {
		t.Errorf("%d loop turns for %d snapshots while the flooder was blocked: the loop spins", n, snapshots)
	}
}

// expectReplies reads n copies of reply from c.
func expectReplies(t *testing.T, c net.Conn, reply []byte, n int) {
	t.Helper()
	got := make([]byte, len(reply))
	for i := range n {
		if _, err := io.ReadFull(c, got); err != nil {
			t.Fatalf("reply %d of %d: %v", i+1, n, err)
		}
		if !bytes.Equal(got, reply) {
			t.Fatalf("reply %d of %d differs", i+1, n)
		}
	}
}
