package netpoll

import (
	"context"
	"io"
	"net"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/muxbench/muxbench/internal/handler"
	"github.com/muxbench/muxbench/internal/server"
)

// failingListener fails its first Accept with err, as net reports an
// accept4 errno, then accepts for real. Only the accept loop calls it.
type failingListener struct {
	net.Listener
	err syscall.Errno
}

func (l *failingListener) Accept() (net.Conn, error) {
	if err := l.err; err != 0 {
		l.err = 0
		return nil, &net.OpError{Op: "accept", Net: "tcp", Addr: l.Addr(), Err: os.NewSyscallError("accept", err)}
	}
	return l.Listener.Accept()
}

// TestAcceptSurvivesFailedConnectionsAndShortages: a network error accept(2)
// passes on for one connection, or a shortage, must not end Serve: the next
// client is served.
func TestAcceptSurvivesFailedConnectionsAndShortages(t *testing.T) {
	for _, errno := range []syscall.Errno{syscall.ECONNABORTED, syscall.EPROTO, syscall.ENETDOWN,
		syscall.ENOPROTOOPT, syscall.EHOSTDOWN, syscall.ENONET, syscall.EHOSTUNREACH, syscall.EOPNOTSUPP,
		syscall.ENETUNREACH, syscall.EMFILE, syscall.ENFILE, syscall.ENOBUFS, syscall.ENOMEM, syscall.EPERM} {
		t.Run(errno.Error(), func(t *testing.T) {
			srv, err := New(server.Config{Addrs: []string{"127.0.0.1:0"}, Handler: handler.Echo{}, Logf: t.Logf})
			if err != nil {
				t.Fatal(err)
			}
			s := srv.(*Server)
			s.lns[0] = &failingListener{Listener: s.lns[0], err: errno}
			served := make(chan error, 1)
			go func() { served <- s.Serve(context.Background()) }()
			echoed := echoOnce(s.Addrs()[0].String())
			s.Close()
			if err := <-served; err != nil || echoed != nil {
				t.Fatalf("after %v: Serve = %v, echo = %v; want both nil", errno, err, echoed)
			}
		})
	}
}

func echoOnce(addr string) error {
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		return err
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := c.Write([]byte("ping")); err != nil {
		return err
	}
	_, err = io.ReadFull(c, make([]byte, 4))
	return err
}
