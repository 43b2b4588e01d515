package handler

import (
	"bytes"
	"strings"
	"testing"
)

const (
	okKeepAlive   = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 13\r\n\r\nHello, World!"
	okKeepAlive10 = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 13\r\nConnection: keep-alive\r\n\r\nHello, World!"
	okClose       = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 13\r\nConnection: close\r\n\r\nHello, World!"
	okHead        = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 13\r\n\r\n"
	wrkGet        = "GET / HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n"
)

func newTestHTTP(t testing.TB, o Options) *HTTP {
	t.Helper()
	h, err := NewHTTP(o)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func b(s string) []byte { return []byte(s) }

func TestHTTPHandle(t *testing.T) {
	post := "POST /x HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello"
	runFrameCases(t, newTestHTTP(t, Options{}), []frameCase{
		{name: "empty", in: nil},
		{name: "get", in: b(wrkGet), consumed: len(wrkGet), out: b(okKeepAlive)},
		{name: "head has no body", in: b("HEAD / HTTP/1.1\r\n\r\n"), consumed: 19, out: b(okHead)},
		{name: "pipelined", in: b(wrkGet + post + wrkGet), consumed: 2*len(wrkGet) + len(post), out: b(okKeepAlive + okKeepAlive + okKeepAlive)},
		{name: "partial header", in: b(wrkGet[:len(wrkGet)-1])},
		{name: "partial body", in: b(post[:len(post)-1])},
		{name: "whole then partial", in: b(wrkGet + "GET / HT"), consumed: len(wrkGet), out: b(okKeepAlive)},
		{name: "leading empty lines ignored", in: b("\r\n\r\n" + wrkGet), consumed: 4 + len(wrkGet), out: b(okKeepAlive)},
		{name: "connection close", in: b("GET / HTTP/1.1\r\nConnection: close\r\n\r\n" + wrkGet), consumed: 37, out: b(okClose), err: ErrClose},
		{name: "close among options", in: b("GET / HTTP/1.1\r\nconnection: Upgrade, CLOSE\r\n\r\n"), consumed: 46, out: b(okClose), err: ErrClose},
		{name: "http/1.0 closes", in: b("GET / HTTP/1.0\r\n\r\n"), consumed: 18, out: b(okClose), err: ErrClose},
		{name: "http/1.0 keep-alive", in: b("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"), consumed: 42, out: b(okKeepAlive10)},
		{name: "chunked", in: b("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"), out: resp501, err: ErrClose},
		{name: "header too large", in: b("GET / HTTP/1.1\r\nX: " + strings.Repeat("a", MaxHTTPHeader)), out: resp431, err: ErrHTTPHeaderTooLarge},
		{name: "body too large", in: b("POST / HTTP/1.1\r\nContent-Length: 999999\r\n\r\n"), out: resp413, err: ErrHTTPBodyTooLarge},
		{name: "http/2.0", in: b("GET / HTTP/2.0\r\n\r\n"), out: resp505, err: ErrHTTPVersion},
		{name: "garbage", in: b("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n"), out: resp400, err: ErrHTTPMalformed},
		{name: "garbage first line refused early", in: b("\x00\x01junk\r\nmore"), out: resp400, err: ErrHTTPMalformed},
		{name: "binary without line end waits", in: b("\x00\x01junk")},
		{name: "no target", in: b("GET HTTP/1.1\r\n\r\n"), out: resp400, err: ErrHTTPMalformed},
		{name: "space before colon", in: b("GET / HTTP/1.1\r\nHost : x\r\n\r\n"), out: resp400, err: ErrHTTPMalformed},
		{name: "bare LF in header", in: b("GET / HTTP/1.1\r\nA: 1\nB: 2\r\n\r\n"), out: resp400, err: ErrHTTPMalformed},
		{name: "bad content-length", in: b("POST / HTTP/1.1\r\nContent-Length: 1x\r\n\r\n"), out: resp400, err: ErrHTTPMalformed},
		{name: "conflicting content-length", in: b("POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab"), out: resp400, err: ErrHTTPMalformed},
		{name: "garbage after request", in: b(wrkGet + "BAD\r\n\r\n"), consumed: len(wrkGet), out: b(okKeepAlive + string(resp400)), err: ErrHTTPMalformed},
	})
}

func TestHTTPReplySize(t *testing.T) {
	tests := []struct {
		name string
		size int
		body string
	}{
		{name: "default", size: 0, body: "Hello, World!"},
		{name: "short", size: 5, body: "Hello"},
		{name: "repeated", size: 20, body: "Hello, World!Hello, "},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, out, err := newTestHTTP(t, Options{ReplySize: tc.size}).Handle(b(wrkGet), nil)
			if err != nil || !bytes.HasSuffix(out, b("\r\n\r\n"+tc.body)) {
				t.Fatalf("reply %q, %v; want body %q", out, err, tc.body)
			}
		})
	}
	if _, err := NewHTTP(Options{ReplySize: -1}); err == nil {
		t.Fatal("negative reply size accepted")
	}
}

// TestHTTPOutputPerCallIsBounded: the probe, one 64 KiB read of
// pipelined GETs (3,640 requests) with 64 KiB replies, once made 239 MB in
// one call. Now each call stops at MaxOutputPerCall plus one reply and
// yields; calling again on the rest answers every request, in order.
func TestHTTPOutputPerCallIsBounded(t *testing.T) {
	const get = "GET / HTTP/1.1\r\n\r\n"
	h := newTestHTTP(t, Options{ReplySize: 64 << 10})
	in := bytes.Repeat(b(get), (64<<10)/len(get))
	reply := len(h.keepAlive.full)
	n, out, err := h.Handle(in, nil)
	perCall := (MaxOutputPerCall + reply - 1) / reply
	if err != ErrYield || n != perCall*len(get) || len(out) != perCall*reply {
		t.Fatalf("one call: consumed %d, %d bytes out, %v; want %d, %d, ErrYield",
			n, len(out), err, perCall*len(get), perCall*reply)
	}
	calls, total := 0, 0
	for rest := in; len(rest) > 0; calls++ {
		n, out, err = h.Handle(rest, out[:0])
		if (err != nil && err != ErrYield) || len(out) > MaxOutputPerCall+reply {
			t.Fatalf("call %d: %d bytes out, %v", calls, len(out), err)
		}
		rest, total = rest[n:], total+len(out)
	}
	if want := len(in) / len(get) * reply; total != want || calls != (len(in)/len(get)+perCall-1)/perCall {
		t.Fatalf("%d calls made %d bytes, want %d bytes", calls, total, want)
	}
}

func BenchmarkHTTP(b *testing.B) {
	h := newTestHTTP(b, Options{})
	in := []byte("GET /plaintext HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: wrk\r\nAccept: */*\r\nConnection: keep-alive\r\n\r\n")
	out := make([]byte, 0, 4096)
	b.ReportAllocs()
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		if _, _, err := h.Handle(in, out[:0]); err != nil {
			b.Fatal(err)
		}
	}
}
