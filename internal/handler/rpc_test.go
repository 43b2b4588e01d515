package handler

import (
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

func TestRPCOutputPerCallIsBounded(t *testing.T) {
	r, _ := newTestRPC(t, Options{})
	r.outputLimit = 2 * (RPCHeaderSize + 100)
	req := AppendRPCRequest(nil, 1, 100, 0, nil)
	runFrameCases(t, r, []frameCase{
		{name: "at the limit", in: cat(req, req), consumed: 2 * len(req), out: cat(rpcReply(1, 100), rpcReply(1, 100))},
		{name: "above it", in: cat(req, req, req), consumed: 2 * len(req), out: cat(rpcReply(1, 100), rpcReply(1, 100)), err: ErrRPCBacklog},
	})
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
