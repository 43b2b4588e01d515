package handler

import (
	"encoding/binary"
	"testing"
)

// sockperfMsg builds a message with a payload of distinct bytes, so an echo
// that moved or dropped a byte shows.
func sockperfMsg(seq uint64, flags uint16, size int) []byte {
	b := AppendSockperfMessage(nil, seq, flags, size)
	for i := SockperfHeaderSize; i < len(b); i++ {
		b[i] = byte(i)
	}
	return b
}

// pong is what the server sends back for msg: msg with the client flag clear.
func pong(msg []byte) []byte {
	p := append([]byte(nil), msg...)
	binary.BigEndian.PutUint16(p[8:], binary.BigEndian.Uint16(p[8:])&^SockperfFlagClient)
	return p
}

func TestSockperfHandle(t *testing.T) {
	ping := sockperfMsg(7, SockperfFlagClient|SockperfFlagPong, 14)
	big := sockperfMsg(8, SockperfFlagClient|SockperfFlagPong, 100)
	noPong := sockperfMsg(9, SockperfFlagClient, 20)
	warmup := sockperfMsg(10, SockperfFlagClient|SockperfFlagPong|SockperfFlagWarmup, 14)
	fromServer := sockperfMsg(11, SockperfFlagPong, 14)
	short := AppendSockperfMessage(nil, 1, SockperfFlagClient, 14)
	binary.BigEndian.PutUint32(short[10:], 13)
	huge := AppendSockperfMessage(nil, 1, SockperfFlagClient, 14)
	binary.BigEndian.PutUint32(huge[10:], MaxSockperfMessage+1)
	runFrameCases(t, Sockperf{}, []frameCase{
		{name: "empty", in: nil},
		{name: "header only ping", in: ping, consumed: 14, out: pong(ping)},
		{name: "payload echoed", in: big, consumed: 100, out: pong(big)},
		{name: "no pong flag consumed silently", in: noPong, consumed: 20},
		{name: "warm-up consumed silently", in: warmup, consumed: 14},
		{name: "not from a client consumed silently", in: fromServer, consumed: 14},
		{name: "pipelined", in: cat(ping, noPong, big), consumed: 134, out: cat(pong(ping), pong(big))},
		{name: "partial header", in: ping[:13]},
		{name: "partial payload", in: big[:99]},
		{name: "whole then partial", in: cat(ping, big[:50]), consumed: 14, out: pong(ping)},
		{name: "length below header", in: short, err: ErrSockperfLength},
		{name: "length above limit", in: huge, err: ErrSockperfLength},
		{name: "garbage after ping", in: cat(ping, short), consumed: 14, out: pong(ping), err: ErrSockperfLength},
	})
}

func TestParseSockperfMessage(t *testing.T) {
	msg := sockperfMsg(5, SockperfFlagPong, 30)
	tests := []struct {
		name  string
		in    []byte
		seq   uint64
		flags uint16
		n     int
		ok    bool
		err   error
	}{
		{name: "whole", in: msg, seq: 5, flags: SockperfFlagPong, n: 30, ok: true},
		{name: "partial", in: msg[:20], seq: 5, flags: SockperfFlagPong, n: 30},
		{name: "header incomplete", in: msg[:3]},
		{name: "bad length", in: make([]byte, 14), err: ErrSockperfLength},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			seq, flags, n, ok, err := ParseSockperfMessage(tc.in)
			if err != tc.err || seq != tc.seq || flags != tc.flags || n != tc.n || ok != tc.ok {
				t.Fatalf("got %d %#x %d %v %v, want %d %#x %d %v %v",
					seq, flags, n, ok, err, tc.seq, tc.flags, tc.n, tc.ok, tc.err)
			}
		})
	}
}

func BenchmarkSockperf(b *testing.B) {
	in := cat(sockperfMsg(1, SockperfFlagClient|SockperfFlagPong, 64), sockperfMsg(2, SockperfFlagClient, 14))
	out := make([]byte, 0, 4096)
	b.ReportAllocs()
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		if _, _, err := (Sockperf{}).Handle(in, out[:0]); err != nil {
			b.Fatal(err)
		}
	}
}
