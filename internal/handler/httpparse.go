package handler

import (
	"bytes"
	"strings"
)

// The request parser of the http handler: allocation-free, bounded by
// MaxHTTPHeader and MaxHTTPBody, strict where laxness would let garbage
// through (bare CR or LF, obs-fold, space before the colon).

// httpSeparators are the delimiters a token may not contain (RFC 9110 5.6.2).
const httpSeparators = `"(),/:;<=>?@[\]{}`

// tokenChars marks the bytes a token may hold: visible ASCII but the
// separators.
var tokenChars = func() (t [256]bool) {
	for c := '!'; c <= '~'; c++ {
		t[c] = !strings.ContainsRune(httpSeparators, c)
	}
	return t
}()

var (
	crlf     = []byte("\r\n")
	crlfcrlf = []byte("\r\n\r\n")
	space    = []byte(" ")
	colon    = []byte(":")
	comma    = []byte(",")
)

// parseHTTPRequest parses the request at the start of b. complete is false
// while its header block or body has not fully arrived; a header block that
// cannot end within MaxHTTPHeader is an error straight away.
func parseHTTPRequest(b []byte) (req httpRequest, complete bool, err error) {
	window := b[:min(len(b), MaxHTTPHeader)]
	end := bytes.Index(window, crlfcrlf)
	if end < 0 {
		return req, false, checkIncomplete(window, len(b))
	}
	line, rest, _ := bytes.Cut(b[:end+2], crlf)
	if req, err = parseRequestLine(line); err != nil {
		return req, false, err
	}
	bodyLen, err := parseHeaders(rest, &req)
	if err != nil || req.chunked {
		return req, false, err
	}
	req.size = end + len(crlfcrlf) + bodyLen
	return req, len(b) >= req.size, nil
}

// checkIncomplete rejects a header block that has not ended: one already at
// the size limit, or one whose first line is already there and wrong (so
// garbage is refused without waiting for 8 KiB of it).
func checkIncomplete(window []byte, received int) error {
	if received >= MaxHTTPHeader {
		return ErrHTTPHeaderTooLarge
	}
	if line, _, ok := bytes.Cut(window, crlf); ok {
		_, err := parseRequestLine(line)
		return err
	}
	return nil
}

// parseRequestLine checks "METHOD SP target SP HTTP/1.x" and sets the
// version's default persistence.
func parseRequestLine(line []byte) (httpRequest, error) {
	var req httpRequest
	method, rest, ok1 := bytes.Cut(line, space)
	target, version, ok2 := bytes.Cut(rest, space)
	if !ok1 || !ok2 || !isToken(method) || !isTarget(target) {
		return req, ErrHTTPMalformed
	}
	switch string(version) {
	case "HTTP/1.1":
		req.keepAlive = true
	case "HTTP/1.0":
		req.version10 = true
	default:
		if len(version) == 8 && string(version[:5]) == "HTTP/" && version[6] == '.' &&
			isDigit(version[5]) && isDigit(version[7]) {
			return req, ErrHTTPVersion
		}
		return req, ErrHTTPMalformed
	}
	req.head = string(method) == "HEAD"
	return req, nil
}

// parseHeaders walks the header lines (each ending in CRLF), records what
// changes the reply, and returns the body length.
func parseHeaders(lines []byte, req *httpRequest) (int, error) {
	bodyLen := -1
	for len(lines) > 0 {
		var line []byte
		line, lines, _ = bytes.Cut(lines, crlf)
		name, value, ok := bytes.Cut(line, colon)
		value = trimOWS(value)
		if !ok || !isToken(name) || !isFieldValue(value) {
			return 0, ErrHTTPMalformed
		}
		switch {
		case equalFold(name, "content-length"):
			n, err := parseContentLength(value)
			if err != nil || (bodyLen >= 0 && n != bodyLen) {
				return 0, firstErr(err, ErrHTTPMalformed)
			}
			bodyLen = n
		case equalFold(name, "transfer-encoding"):
			req.chunked = true
		case equalFold(name, "connection"):
			applyConnection(value, req)
		}
	}
	return max(bodyLen, 0), nil
}

func parseContentLength(v []byte) (int, error) {
	if len(v) == 0 {
		return 0, ErrHTTPMalformed
	}
	n := 0
	for _, c := range v {
		if !isDigit(c) {
			return 0, ErrHTTPMalformed
		}
		n = n*10 + int(c-'0')
		if n > MaxHTTPBody {
			return 0, ErrHTTPBodyTooLarge
		}
	}
	return n, nil
}

// applyConnection reads the comma-separated Connection options; "close"
// wins over "keep-alive".
func applyConnection(v []byte, req *httpRequest) {
	closing := false
	for len(v) > 0 {
		var opt []byte
		opt, v, _ = bytes.Cut(v, comma)
		opt = trimOWS(opt)
		switch {
		case equalFold(opt, "close"):
			closing = true
		case equalFold(opt, "keep-alive"):
			req.keepAlive = true
		}
	}
	if closing {
		req.keepAlive = false
	}
}

func firstErr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// equalFold reports whether b equals the lower-case ASCII string s, ignoring
// ASCII case, without allocating.
func equalFold(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != s[i] {
			return false
		}
	}
	return true
}

// trimOWS strips the optional white space (SP, HT) around a field value.
func trimOWS(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t') {
		b = b[1:]
	}
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == '\t') {
		b = b[:len(b)-1]
	}
	return b
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// isToken reports whether b is a non-empty RFC 9110 token.
func isToken(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	for _, c := range b {
		if !tokenChars[c] {
			return false
		}
	}
	return true
}

// isTarget accepts any non-empty run of visible ASCII.
func isTarget(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	for _, c := range b {
		if c <= ' ' || c >= 0x7f {
			return false
		}
	}
	return true
}

// isFieldValue rejects control characters other than HT; a stray CR or LF
// inside a header block therefore ends up here as malformed.
func isFieldValue(b []byte) bool {
	for _, c := range b {
		if (c < ' ' && c != '\t') || c == 0x7f {
			return false
		}
	}
	return true
}
