package chaos

import (
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"net"
	"os"
	"time"
)

// maxExchangesPerConn bounds how many batches one connection carries before
// the client ends it (with a random ending) and opens another.
const maxExchangesPerConn = 8

// unreadMax bounds what a reset or hang-up sends without reading the echo:
// small enough for the socket buffers, so the write never waits on a read.
const unreadMax = 16 << 10

// ending is how a connection's last exchange ends.
type ending int

const (
	endClose     ending = iota // every echo read, then close
	endHalfClose               // shutdown(SHUT_WR) after the last write, echoes read, then EOF expected
	endReset                   // part of the batch written, then SO_LINGER 0 and close: an RST
	endHangup                  // the batch written, then close without reading
)

// client is one chaos client: one connection at a time.
type client struct {
	cfg  Config
	t    *tally
	rng  *rand.Rand
	addr string
}

func (c *client) run(ctx context.Context) {
	for !ended(ctx) && c.session(ctx) {
	}
}

// session carries one connection; it returns false once the budget is
// spent.
func (c *client) session(ctx context.Context) bool {
	d := net.Dialer{Timeout: c.cfg.Timeout}
	nc, err := d.DialContext(ctx, "tcp", c.addr)
	if err != nil {
		if ended(ctx) {
			return false
		}
		c.t.anomaly("dial", err)
		return true
	}
	conn := nc.(*net.TCPConn)
	defer conn.Close()
	stop := context.AfterFunc(ctx, func() { _ = conn.SetDeadline(time.Now()) })
	defer stop()
	c.t.conn()
	n := 1 + c.rng.IntN(maxExchangesPerConn)
	for i := range n {
		if !c.t.take() {
			return false
		}
		end := endClose
		if i == n-1 {
			end = ending(c.rng.IntN(4))
		}
		if !c.exchange(ctx, conn, end) {
			return true
		}
	}
	return true
}

// batch builds depth messages of random sizes (skewed small, up to MaxMsg)
// with random contents; it returns the concatenation and the sizes.
func (c *client) batch() ([]byte, []int) {
	depth := 1 + c.rng.IntN(c.cfg.MaxDepth)
	sizes := make([]int, depth)
	total := 0
	for i := range sizes {
		sizes[i] = 1 + c.rng.IntN(1+c.rng.IntN(c.cfg.MaxMsg))
		total += sizes[i]
	}
	b := make([]byte, total)
	for i := range b {
		b[i] = byte(c.rng.Uint32())
	}
	return b, sizes
}

// exchange sends one batch and ends it as told; it reports whether the
// connection can carry another.
func (c *client) exchange(ctx context.Context, conn *net.TCPConn, end ending) bool {
	sent, sizes := c.batch()
	if err := conn.SetDeadline(time.Now().Add(c.cfg.Timeout)); err != nil {
		c.t.anomaly("deadline", err)
		return false
	}
	switch end {
	case endReset:
		c.reset(conn, sent[:c.rng.IntN(min(len(sent), unreadMax)+1)])
		return false
	case endHangup:
		// The server may have hung up first: a write then fails with
		// EPIPE or ECONNRESET, which kindOf names reset-by-server.
		if _, err := conn.Write(sent[:min(len(sent), unreadMax)]); err != nil {
			werr := &writeError{err}
			c.report(ctx, kindOf(werr), werr)
		}
		c.t.inject("hangup")
		return false
	}
	if err := c.echo(conn, sent, sizes, end == endHalfClose); err != nil {
		c.report(ctx, kindOf(err), err)
		return false
	}
	c.t.verified(len(sizes), len(sent))
	if end == endHalfClose {
		c.t.inject("half-close")
	}
	return end == endClose
}

// reset writes part of a batch then closes with SO_LINGER 0 (an RST).
func (c *client) reset(conn *net.TCPConn, part []byte) {
	if _, err := conn.Write(part); err != nil {
		werr := &writeError{err} // EPIPE/ECONNRESET: the server hung up first
		c.t.anomaly(kindOf(werr), werr)
	}
	if err := conn.SetLinger(0); err != nil {
		c.t.anomaly("linger", err)
	}
	c.t.inject("reset")
}

// echo writes the batch message by message from a second goroutine while
// reading and verifying the echo, so a batch larger than the socket buffers
// cannot deadlock; with halfClose it shuts the write side after the last
// message and expects EOF after the last echoed byte.
func (c *client) echo(conn *net.TCPConn, sent []byte, sizes []int, halfClose bool) error {
	werr := make(chan error, 1)
	go func() {
		err := writeAll(conn, sent, sizes)
		if err == nil && halfClose {
			err = conn.CloseWrite()
		}
		werr <- err
	}()
	rerr := readEcho(conn, sent, halfClose)
	if err := <-werr; err != nil {
		return &writeError{err}
	}
	return rerr
}

func writeAll(conn net.Conn, sent []byte, sizes []int) error {
	off := 0
	for _, n := range sizes {
		if _, err := conn.Write(sent[off : off+n]); err != nil {
			return err
		}
		off += n
	}
	return nil
}

// errNoEOF is a connection still open after a half-close was echoed.
var errNoEOF = errors.New("no EOF after the half-closed batch was echoed")

// readEcho reads until every sent byte came back, verifying each, and then,
// after a half-close, until EOF.
func readEcho(conn net.Conn, sent []byte, wantEOF bool) error {
	s := stream{want: sent}
	buf := make([]byte, 64<<10)
	for !s.done() {
		n, err := conn.Read(buf)
		if _, ferr := s.feed(buf[:n]); ferr != nil {
			return ferr
		}
		if err == io.EOF && !s.done() {
			return &shortError{got: s.pos, want: len(sent)}
		}
		if err != nil && err != io.EOF {
			return err
		}
	}
	if !wantEOF {
		return nil
	}
	n, err := conn.Read(buf)
	switch {
	case n > 0:
		return errExtra
	case err == io.EOF:
		return nil
	case errors.Is(err, os.ErrDeadlineExceeded):
		return errNoEOF
	}
	return err
}
