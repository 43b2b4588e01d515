package handler

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
)

// A minimal HTTP/1.1 responder, just enough for wrk and curl to drive any
// backend: every well-formed request gets 200 and the same plaintext body.
//
// What it does: requests are answered in order, several per call
// (pipelining) up to MaxOutputPerCall of replies, then it yields; a request is consumed only once its header block
// (up to CRLFCRLF) and its Content-Length body have arrived; HEAD gets the
// headers only; HTTP/1.1 keeps the connection unless "Connection: close",
// HTTP/1.0 closes it unless "Connection: keep-alive"; after the last reply
// on a connection it returns ErrClose.
//
// What it refuses (a status reply, then the connection closes): a header
// block longer than MaxHTTPHeader (431), a body longer than MaxHTTPBody
// (413), Transfer-Encoding of any kind (501: bodies of unknown length are
// out of scope), a version other than 1.0/1.1 (505), anything else malformed
// (400). These bounds keep one whole request within a 64 KiB input buffer.
const (
	MaxHTTPHeader = 8 << 10
	MaxHTTPBody   = 56 << 10
	MaxHTTPReply  = 64 << 20

	defaultHTTPBody = "Hello, World!"
)

// Errors for requests the http handler refuses.
var (
	ErrHTTPMalformed      = errors.New("http: malformed request")
	ErrHTTPHeaderTooLarge = errors.New("http: header block above limit")
	ErrHTTPBodyTooLarge   = errors.New("http: body above limit")
	ErrHTTPVersion        = errors.New("http: unsupported version")
)

func init() {
	Register("http", func(o Options) (Handler, error) { return NewHTTP(o) })
}

// httpResponse is one prebuilt reply; head is its length without the body.
type httpResponse struct {
	full []byte
	head int
}

// HTTP is the responder. Its replies are built once and only read after.
type HTTP struct {
	keepAlive   httpResponse // HTTP/1.1, persistent by default
	keepAlive10 httpResponse // HTTP/1.0 that asked for keep-alive
	closing     httpResponse
}

// NewHTTP builds the replies: a body of o.ReplySize bytes of "Hello, World!"
// repeated, or exactly that string when o.ReplySize is 0.
func NewHTTP(o Options) (*HTTP, error) {
	if o.ReplySize < 0 || o.ReplySize > MaxHTTPReply {
		return nil, fmt.Errorf("http: reply size %d outside 0..%d", o.ReplySize, MaxHTTPReply)
	}
	body := []byte(defaultHTTPBody)
	if o.ReplySize > 0 {
		body = bytes.Repeat(body, o.ReplySize/len(body)+1)[:o.ReplySize]
	}
	return &HTTP{
		keepAlive:   buildHTTPResponse("", body),
		keepAlive10: buildHTTPResponse("Connection: keep-alive\r\n", body),
		closing:     buildHTTPResponse("Connection: close\r\n", body),
	}, nil
}

func buildHTTPResponse(extra string, body []byte) httpResponse {
	head := "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " +
		strconv.Itoa(len(body)) + "\r\n" + extra + "\r\n"
	return httpResponse{full: append([]byte(head), body...), head: len(head)}
}

func errorResponse(status string) []byte {
	return []byte("HTTP/1.1 " + status + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
}

var (
	resp400 = errorResponse("400 Bad Request")
	resp413 = errorResponse("413 Content Too Large")
	resp431 = errorResponse("431 Request Header Fields Too Large")
	resp501 = errorResponse("501 Not Implemented")
	resp505 = errorResponse("505 HTTP Version Not Supported")
)

// httpRequest is what the responder needs to know about one request.
type httpRequest struct {
	size      int // header block and body, in bytes
	head      bool
	version10 bool
	keepAlive bool
	chunked   bool // any Transfer-Encoding
}

// Handle answers the whole requests in in, in order, and yields once its
// replies reach MaxOutputPerCall with a whole request left.
func (h *HTTP) Handle(in, out []byte) (int, []byte, error) {
	consumed, start := 0, len(out)
	for consumed < len(in) {
		// RFC 9112 2.2: ignore empty lines before a request line.
		if bytes.HasPrefix(in[consumed:], crlf) {
			consumed += len(crlf)
			continue
		}
		req, complete, err := parseHTTPRequest(in[consumed:])
		if err != nil {
			return consumed, append(out, refusal(err)...), err
		}
		if req.chunked {
			return consumed, append(out, resp501...), ErrClose
		}
		if !complete {
			break
		}
		if len(out)-start >= MaxOutputPerCall {
			return consumed, out, ErrYield
		}
		consumed += req.size
		out = h.respond(req, out)
		if !req.keepAlive {
			return consumed, out, ErrClose
		}
	}
	return consumed, out, nil
}

func (h *HTTP) respond(req httpRequest, out []byte) []byte {
	r := h.keepAlive
	switch {
	case !req.keepAlive:
		r = h.closing
	case req.version10:
		r = h.keepAlive10
	}
	if req.head {
		return append(out, r.full[:r.head]...)
	}
	return append(out, r.full...)
}

func refusal(err error) []byte {
	switch err {
	case ErrHTTPHeaderTooLarge:
		return resp431
	case ErrHTTPBodyTooLarge:
		return resp413
	case ErrHTTPVersion:
		return resp505
	}
	return resp400
}
