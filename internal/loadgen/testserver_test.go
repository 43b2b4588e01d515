package loadgen

import (
	"net"
	"sync"
	"testing"
	"time"
)

// behaviour is what a test server does to the byte stream of one
// connection. It gets every chunk read with the stream offset of its first
// byte and returns what to write back, or close=true to hang up.
type behaviour func(chunk []byte, offset int) (reply []byte, close bool)

func echo(chunk []byte, _ int) ([]byte, bool) { return chunk, false }

// dropByteAt drops the byte at stream offset at.
func dropByteAt(at int) behaviour {
	return func(chunk []byte, off int) ([]byte, bool) {
		if i := at - off; i >= 0 && i < len(chunk) {
			return append(append([]byte{}, chunk[:i]...), chunk[i+1:]...), false
		}
		return chunk, false
	}
}

// flipByteAt inverts the byte at stream offset at.
func flipByteAt(at int) behaviour {
	return func(chunk []byte, off int) ([]byte, bool) {
		if i := at - off; i >= 0 && i < len(chunk) {
			chunk[i] ^= 0xff
		}
		return chunk, false
	}
}

// stallAfter echoes the first n bytes and then nothing more.
func stallAfter(n int) behaviour {
	return func(chunk []byte, off int) ([]byte, bool) {
		return chunk[:max(min(n-off, len(chunk)), 0)], false
	}
}

// closeAfter echoes the first n bytes, then hangs up.
func closeAfter(n int) behaviour {
	return func(chunk []byte, off int) ([]byte, bool) {
		if off+len(chunk) > n {
			return chunk[:max(n-off, 0)], true
		}
		return chunk, false
	}
}

// pauseOnceAfter echoes, pausing once for d when byte n arrives.
func pauseOnceAfter(n int, d time.Duration) behaviour {
	var once sync.Once
	return func(chunk []byte, off int) ([]byte, bool) {
		if off+len(chunk) > n {
			once.Do(func() { time.Sleep(d) })
		}
		return chunk, false
	}
}

// holdAfter echoes the first n bytes of a connection at once and the rest
// only once release is closed: a server that falls behind at a known point
// (a chunk that straddles byte n is held whole).
func holdAfter(n int, release <-chan struct{}) behaviour {
	return func(chunk []byte, off int) ([]byte, bool) {
		if off+len(chunk) > n {
			<-release
		}
		return chunk, false
	}
}

// testServer is a net-based TCP server on 127.0.0.1:0 applying one
// behaviour to every connection.
type testServer struct {
	ln    net.Listener
	b     behaviour
	wg    sync.WaitGroup
	mu    sync.Mutex
	conns map[net.Conn]bool
	done  bool
}

func startServer(t testing.TB, b behaviour) *testServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &testServer{ln: ln, b: b, conns: map[net.Conn]bool{}}
	s.wg.Add(1)
	go s.accept()
	t.Cleanup(s.close)
	return s
}

func (s *testServer) addr() string { return s.ln.Addr().String() }

func (s *testServer) accept() {
	defer s.wg.Done()
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.mu.Lock()
		if s.done {
			s.mu.Unlock()
			c.Close()
			return
		}
		s.conns[c] = true
		s.mu.Unlock()
		s.wg.Add(1)
		go s.serve(c)
	}
}

func (s *testServer) serve(c net.Conn) {
	defer s.wg.Done()
	defer c.Close()
	buf := make([]byte, 32<<10)
	off := 0
	for {
		n, err := c.Read(buf)
		if err != nil {
			return
		}
		reply, hangup := s.b(buf[:n], off)
		off += n
		if len(reply) > 0 {
			if _, err := c.Write(reply); err != nil {
				return
			}
		}
		if hangup {
			return
		}
	}
}

// close stops the server and every connection, and waits for them.
func (s *testServer) close() {
	s.ln.Close()
	s.mu.Lock()
	s.done = true
	for c := range s.conns {
		c.Close()
	}
	s.mu.Unlock()
	s.wg.Wait()
}
