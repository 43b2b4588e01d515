package servertest

import (
	"bytes"
	"errors"

	"github.com/muxbench/muxbench/internal/handler"
)

// lines is a tiny framed handler for the paths echo never takes: it answers
// complete '\n'-terminated lines only (so a partial line must be kept by the
// backend), and two commands end the connection.
//
//	"quit\n" -> "bye\n", then handler.ErrClose (flush, then close)
//	"bad\n"  -> "err\n", then a protocol error (close without more reads)
type lines struct{}

var errBadLine = errors.New("servertest: bad line")

func (lines) Handle(in, out []byte) (int, []byte, error) {
	consumed := 0
	for {
		nl := bytes.IndexByte(in[consumed:], '\n')
		if nl < 0 {
			return consumed, out, nil
		}
		line := in[consumed : consumed+nl+1]
		consumed += nl + 1
		switch string(line) {
		case "quit\n":
			return consumed, append(out, "bye\n"...), handler.ErrClose
		case "bad\n":
			return consumed, append(out, "err\n"...), errBadLine
		}
		out = append(out, line...)
	}
}
