package handler

import (
	"bytes"
	"errors"
	"testing"
	"time"
)

// newTestRPC returns an rpc handler that records the work it was asked for
// instead of spinning.
func newTestRPC(t testing.TB, o Options) (*RPC, *[]time.Duration) {
	t.Helper()
	r, err := NewRPC(o)
	if err != nil {
		t.Fatal(err)
	}
	var work []time.Duration
	r.burn = func(d time.Duration) { work = append(work, d) }
	return r, &work
}

func rpcReply(id uint64, size int) []byte {
	return append(appendRPCHeader(nil, RPCHeader{Kind: RPCKindReply, Length: uint32(size), ID: id}), make([]byte, size)...)
}

func TestRPCHandle(t *testing.T) {
	req1 := AppendRPCRequest(nil, 1, 5, 0, []byte("payload"))
	req2 := AppendRPCRequest(nil, 2, 0, 0, nil)
	bad := append([]byte(nil), req2...)
	bad[0] = 'X'
	asReply := rpcReply(3, 0)
	r, _ := newTestRPC(t, Options{ReplySize: 7})
	runFrameCases(t, r, []frameCase{
		{name: "empty", in: nil},
		{name: "one request", in: req1, consumed: len(req1), out: rpcReply(1, 5)},
		{name: "pipelined", in: cat(req1, req2), consumed: len(req1) + len(req2), out: cat(rpcReply(1, 5), rpcReply(2, 0))},
		{name: "partial header", in: req1[:RPCHeaderSize-1]},
		{name: "partial payload", in: req1[:len(req1)-1]},
		{name: "whole then partial", in: cat(req2, req1[:30]), consumed: len(req2), out: rpcReply(2, 0)},
		{name: "server default size", in: AppendRPCRequest(nil, 9, RPCServerDefault, 0, nil), consumed: RPCHeaderSize, out: rpcReply(9, 7)},
		{name: "bad magic", in: bad, err: ErrRPCMagic},
		{name: "garbage after request", in: cat(req2, bad), consumed: len(req2), out: rpcReply(2, 0), err: ErrRPCMagic},
		{name: "reply sent as request", in: asReply, err: ErrRPCKind},
		{name: "payload above limit", in: appendRPCHeader(nil, RPCHeader{Kind: RPCKindRequest, Length: MaxRPCPayload + 1}), err: ErrRPCTooBig},
		{name: "reply above limit", in: AppendRPCRequest(nil, 1, MaxRPCReply+1, 0, nil), err: ErrRPCTooBig},
		{name: "work above limit", in: AppendRPCRequest(nil, 1, 0, MaxRPCWorkMicros+1, nil), err: ErrRPCTooBig},
	})
}

func TestRPCWorkRequested(t *testing.T) {
	tests := []struct {
		name string
		work uint32
		want time.Duration
	}{
		{name: "explicit", work: 250, want: 250 * time.Microsecond},
		{name: "none", work: 0, want: 0},
		{name: "server default", work: RPCServerDefault, want: 40 * time.Microsecond},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, work := newTestRPC(t, Options{WorkMicros: 40})
			if _, _, err := r.Handle(AppendRPCRequest(nil, 1, 0, tc.work, nil), nil); err != nil {
				t.Fatal(err)
			}
			if len(*work) != 1 || (*work)[0] != tc.want {
				t.Fatalf("work = %v, want [%v]", *work, tc.want)
			}
		})
	}
}

// The monotonic clock guarantees the lower bound; no upper bound is checked.
func TestSpinLastsAtLeastTheRequestedTime(t *testing.T) {
	const d = 300 * time.Microsecond
	start := time.Now()
	spin(d)
	if got := time.Since(start); got < d {
		t.Fatalf("spin(%v) returned after %v", d, got)
	}
}

// TestRPCOutputPerCallIsBounded: replies stop at the output budget and
// the call yields with the rest; a partial request left is no reason to.
func TestRPCOutputPerCallIsBounded(t *testing.T) {
	r, _ := newTestRPC(t, Options{})
	r.outputLimit = 2 * (RPCHeaderSize + 100)
	req := AppendRPCRequest(nil, 1, 100, 0, nil)
	two := cat(rpcReply(1, 100), rpcReply(1, 100))
	runFrameCases(t, r, []frameCase{
		{name: "at the limit", in: cat(req, req), consumed: 2 * len(req), out: two},
		{name: "above it", in: cat(req, req, req), consumed: 2 * len(req), out: two, err: ErrYield},
		{name: "partial after it", in: cat(req, req, req[:5]), consumed: 2 * len(req), out: two},
		{name: "one reply above it", in: AppendRPCRequest(nil, 2, 1000, 0, nil), consumed: RPCHeaderSize, out: rpcReply(2, 1000)},
	})
}

// TestRPCWorkPerCallIsBounded: one read of costly requests (the issue's
// probe: two 1 s requests in one write held epoll_lt for 1.90 s) is worked
// off one call's budget at a time. The budget counts the work asked for, so
// the recorder stands in for the spin.
func TestRPCWorkPerCallIsBounded(t *testing.T) {
	second := uint32(MaxRPCWorkMicros)
	tenth := uint32(MaxRPCWorkMicrosPerCall / 10)
	tests := []struct {
		name    string
		work    uint32
		n       int
		perCall int
	}{
		{name: "1 s requests, one per call", work: second, n: 3, perCall: 1},
		{name: "budget/10 requests, ten per call", work: tenth, n: 25, perCall: 10},
		{name: "free requests, all at once", work: 0, n: 100, perCall: 100},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, work := newTestRPC(t, Options{})
			req := AppendRPCRequest(nil, 7, 0, tc.work, nil)
			in := bytes.Repeat(req, tc.n)
			for call := 0; len(in) > 0; call++ {
				*work = nil
				n, _, err := r.Handle(in, nil)
				want, wantErr := min(tc.perCall, len(in)/len(req)), error(nil)
				if want < len(in)/len(req) {
					wantErr = ErrYield
				}
				if n != want*len(req) || len(*work) != want || err != wantErr {
					t.Fatalf("call %d: consumed %d requests, worked %d, %v; want %d, %d, %v",
						call, n/len(req), len(*work), err, want, want, wantErr)
				}
				in = in[n:]
			}
		})
	}
}

func TestNewRPCRejectsBadOptions(t *testing.T) {
	for _, o := range []Options{{ReplySize: -1}, {ReplySize: MaxRPCReply + 1}, {WorkMicros: -1}, {WorkMicros: MaxRPCWorkMicros + 1}} {
		if _, err := New("rpc", o); err == nil {
			t.Errorf("New(rpc, %+v) succeeded", o)
		}
	}
}

func TestParseRPCReply(t *testing.T) {
	whole := rpcReply(42, 3)
	tests := []struct {
		name    string
		in      []byte
		id      uint64
		bodyLen int
		n       int
		err     error
	}{
		{name: "whole", in: whole, id: 42, bodyLen: 3, n: len(whole)},
		{name: "followed by more", in: cat(whole, whole), id: 42, bodyLen: 3, n: len(whole)},
		{name: "short header", in: whole[:5], err: ErrRPCPartial},
		{name: "short body", in: whole[:len(whole)-1], id: 42, bodyLen: 3, n: len(whole), err: ErrRPCPartial},
		{name: "a request", in: AppendRPCRequest(nil, 1, 0, 0, nil), err: ErrRPCKind},
		{name: "garbage", in: make([]byte, RPCHeaderSize), err: ErrRPCMagic},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			id, bodyLen, n, err := ParseRPCReply(tc.in)
			if !errors.Is(err, tc.err) || (tc.err == nil && err != nil) {
				t.Fatalf("err = %v, want %v", err, tc.err)
			}
			if id != tc.id || bodyLen != tc.bodyLen || n != tc.n {
				t.Fatalf("got id %d body %d n %d, want %d %d %d", id, bodyLen, n, tc.id, tc.bodyLen, tc.n)
			}
		})
	}
}

func BenchmarkRPC(b *testing.B) {
	r, _ := newTestRPC(b, Options{})
	r.burn = spin
	in := AppendRPCRequest(nil, 1, 64, 0, make([]byte, 32))
	out := make([]byte, 0, 4096)
	b.ReportAllocs()
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		if _, _, err := r.Handle(in, out[:0]); err != nil {
			b.Fatal(err)
		}
	}
}
