package netpoll

import (
	"errors"
	"net"
	"time"

	"github.com/muxbench/muxbench/internal/handler"
	"github.com/muxbench/muxbench/internal/server"
)

// minReadBuffer is where a connection's input buffer starts. It doubles up
// to Config.ReadBuffer each time a read fills it, so an idle connection
// costs a few KiB (as in net/http) while a busy one reads full-size chunks;
// a partial request can grow it further, and shrink returns it to
// ReadBuffer once that request is served.
const minReadBuffer = 4 << 10

// serveConn is one connection's whole life: read, hand the unconsumed input
// to the handler, write every reply before reading again, close.
func (s *Server) serveConn(c net.Conn) {
	defer s.wg.Done()
	defer s.forget(c)
	in := make([]byte, 0, min(minReadBuffer, s.cfg.ReadBuffer))
	var out []byte
	filled := false // the last read filled every free byte of in
	for {
		if len(in) == cap(in) || (filled && cap(in) < s.cfg.ReadBuffer) {
			in = s.growInput(in)
		}
		free := cap(in) - len(in)
		n, rerr := c.Read(in[len(in):cap(in)])
		s.c.reads.Add(1)
		filled = n == free
		if n > 0 {
			s.c.bytesIn.Add(uint64(n))
			var then next
			in, out, then = s.serveInput(c, in[:len(in)+n], out)
			if then == lingerClose {
				s.linger(c, in[:cap(in)])
			}
			if then != readOn {
				return
			}
			in, out = s.shrink(in, out)
		}
		if rerr != nil {
			return // EOF, reset or Close; everything read was answered
		}
	}
}

// next is what a connection does after its input was served.
type next uint8

const (
	readOn      next = iota
	closeNow         // the peer is gone, the server stops, the input broke its bound, or the handler is broken
	lingerClose      // the handler ended the connection: close lingering
)

// serveInput runs the handler on in and writes its replies; while the
// handler yields, it writes what it has and calls it again on the rest,
// unless the server is stopping. It returns the unconsumed input and what
// the connection does next.
func (s *Server) serveInput(c net.Conn, in, out []byte) ([]byte, []byte, next) {
	for {
		var err error
		in, out, err = s.handle(in, out[:0])
		switch {
		case !s.flush(c, out) || err == errNoProgress:
			return in, out, closeNow
		case err == nil && len(in) > s.cfg.MaxPending:
			return in, out, closeNow // a partial request above the input bound
		case err == nil:
			return in, out, readOn
		case err != handler.ErrYield:
			return in, out, lingerClose
		case s.stopping():
			return in, out, closeNow
		}
	}
}

// linger closes the way server.LingerTime describes: FIN after the last
// reply, then the peer's input is read into buf and discarded until its EOF,
// the deadline or the byte allowance, so the close that follows finds no
// unread input and sends no RST.
func (s *Server) linger(c net.Conn, buf []byte) {
	tc, ok := c.(*net.TCPConn)
	if !ok || tc.CloseWrite() != nil || c.SetReadDeadline(time.Now().Add(server.LingerTime)) != nil {
		return
	}
	for left := server.LingerBytes; left > 0; {
		n, err := c.Read(buf)
		s.c.reads.Add(1)
		s.c.bytesIn.Add(uint64(n))
		if err != nil {
			return
		}
		left -= n
	}
}

// errNoProgress is a handler that yielded without consuming anything: its
// connection is closed rather than served in a loop that never ends.
var errNoProgress = errors.New("netpoll: handler yielded without progress")

// handle runs the handler and keeps the unconsumed tail of in at its start.
func (s *Server) handle(in, out []byte) ([]byte, []byte, error) {
	consumed, out, err := s.cfg.Handler.Handle(in, out)
	if err == handler.ErrYield && consumed <= 0 {
		err = errNoProgress
	}
	consumed = max(0, min(consumed, len(in)))
	rest := copy(in, in[consumed:])
	return in[:rest], out, err
}

func (s *Server) stopping() bool {
	select {
	case <-s.stop:
		return true
	default:
		return false
	}
}

// shrink lets go of buffers that grew past one read for a big request or
// reply once that is served, so an idle connection holds at most
// ReadBuffer of input buffer and of output buffer, not its high-water mark.
func (s *Server) shrink(in, out []byte) ([]byte, []byte) {
	if cap(out) > s.cfg.ReadBuffer {
		out = nil
	}
	if cap(in) > s.cfg.ReadBuffer && len(in) <= s.cfg.ReadBuffer/2 {
		in = append(make([]byte, 0, s.cfg.ReadBuffer), in...)
	}
	return in, out
}

// growInput doubles the input buffer, up to MaxPending plus one read: the
// unconsumed rest never exceeds MaxPending (serveInput closes the connection
// first), so a full buffer can always grow.
func (s *Server) growInput(in []byte) []byte {
	grown := make([]byte, len(in), min(2*cap(in), s.cfg.MaxPending+s.cfg.ReadBuffer))
	copy(grown, in)
	return grown
}

// flush writes out in full; net.Conn.Write blocks until it has, which is the
// connection's backpressure.
func (s *Server) flush(c net.Conn, out []byte) bool {
	if len(out) == 0 {
		return true
	}
	n, err := c.Write(out)
	s.c.writes.Add(1)
	s.c.bytesOut.Add(uint64(n))
	return err == nil
}
