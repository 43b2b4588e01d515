package handler

import (
	"bytes"
	"testing"
)

// The fuzz targets share two properties every handler must have, whatever
// the bytes: feeding input in two pieces (carrying the unconsumed rest over,
// as a backend does) gives exactly what feeding it at once gives, and input
// left unconsumed without an error is a true partial frame that produces
// nothing on its own. Seeds live in testdata/fuzz/<target>/ and run in plain
// `go test`.

func checkStreaming(t *testing.T, h Handler, data []byte, split int) (int, []byte, error) {
	t.Helper()
	n, out, err := checkInvariants(t, h, data)
	split = min(split, len(data))
	n1, out2, err2 := handleAll(t, h, data[:split], nil)
	if err2 == nil {
		var n2 int
		n2, out2, err2 = handleAll(t, h, data[n1:], out2)
		n1 += n2
	}
	if n1 != n || !bytes.Equal(out2, out) || err2 != err {
		t.Fatalf("split at %d: consumed %d, %d bytes, %v; whole: %d, %d bytes, %v",
			split, n1, len(out2), err2, n, len(out), err)
	}
	if err == nil {
		if m, rest, err := h.Handle(data[n:], nil); m != 0 || len(rest) != 0 || err != nil {
			t.Fatalf("unconsumed rest %q yields %d, %q, %v", data[n:], m, rest, err)
		}
	}
	return n, out, err
}

func FuzzRPC(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte, split int) {
		if requestedRPCOutput(data) > 1<<20 {
			t.Skip("asks for more than 1 MiB of replies")
		}
		r, work := newTestRPC(t, Options{ReplySize: 3, WorkMicros: 1})
		n, out, err := checkStreaming(t, r, data, max(split, 0))
		*work = nil
		ids := consumedRPCIDs(t, data[:n])
		for i := 0; len(out) > 0; i++ {
			id, _, m, perr := ParseRPCReply(out)
			if perr != nil || i >= len(ids) || id != ids[i] {
				t.Fatalf("reply %d: id %d, %v; request ids %v", i, id, perr, ids)
			}
			out = out[m:]
		}
		if err == ErrClose {
			t.Fatal("rpc never asks to close")
		}
	})
}

// requestedRPCOutput sums the reply sizes the well-formed headers in data ask
// for, so the fuzzer does not spend its memory on legitimate 16 MiB replies.
func requestedRPCOutput(data []byte) int {
	total := 0
	for len(data) >= RPCHeaderSize {
		h, err := decodeRPCHeader(data)
		if err != nil || checkRPCRequest(h) != nil {
			break
		}
		total += int(min(h.ReplySize, MaxRPCReply))
		data = data[min(len(data), RPCHeaderSize+int(h.Length)):]
	}
	return total
}

func consumedRPCIDs(t *testing.T, consumed []byte) []uint64 {
	var ids []uint64
	for len(consumed) > 0 {
		h, err := decodeRPCHeader(consumed)
		if err != nil || checkRPCRequest(h) != nil {
			t.Fatalf("consumed a bad request: %x", consumed)
		}
		ids = append(ids, h.ID)
		consumed = consumed[RPCHeaderSize+int(h.Length):]
	}
	return ids
}

func FuzzHTTP(f *testing.F) {
	h := newTestHTTP(f, Options{})
	known := [][]byte{
		[]byte(okKeepAlive), []byte(okKeepAlive10), []byte(okClose), []byte(okHead),
		[]byte(okHead[:len(okHead)-2] + "Connection: keep-alive\r\n\r\n"),
		[]byte(okHead[:len(okHead)-2] + "Connection: close\r\n\r\n"),
		resp400, resp413, resp431, resp501, resp505,
	}
	f.Fuzz(func(t *testing.T, data []byte, split int) {
		_, out, err := checkStreaming(t, h, data, max(split, 0))
		for len(out) > 0 {
			out = trimKnownPrefix(t, out, known)
		}
		if err != nil && err != ErrClose && err != ErrHTTPMalformed && err != ErrHTTPHeaderTooLarge &&
			err != ErrHTTPBodyTooLarge && err != ErrHTTPVersion {
			t.Fatalf("unexpected error %v", err)
		}
	})
}

// trimKnownPrefix removes the longest prebuilt response out starts with.
func trimKnownPrefix(t *testing.T, out []byte, known [][]byte) []byte {
	best := 0
	for _, k := range known {
		if bytes.HasPrefix(out, k) {
			best = max(best, len(k))
		}
	}
	if best == 0 {
		t.Fatalf("reply is none of the prebuilt responses: %q", out)
	}
	return out[best:]
}

func FuzzSockperf(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte, split int) {
		n, out, err := checkStreaming(t, Sockperf{}, data, max(split, 0))
		if err != nil && err != ErrSockperfLength {
			t.Fatalf("unexpected error %v", err)
		}
		want := expectedPongs(data[:n])
		if !bytes.Equal(out, want) {
			t.Fatalf("replies %x, want %x", out, want)
		}
	})
}

// expectedPongs is an independent, simpler statement of the reply rule.
func expectedPongs(consumed []byte) []byte {
	var want []byte
	for len(consumed) > 0 {
		_, flags, n, ok, err := ParseSockperfMessage(consumed)
		if !ok || err != nil {
			break
		}
		if flags&SockperfFlagClient != 0 && flags&SockperfFlagPong != 0 && flags&SockperfFlagWarmup == 0 {
			want = append(want, pong(consumed[:n])...)
		}
		consumed = consumed[n:]
	}
	return want
}
