package iouring_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/muxbench/muxbench/internal/handler"
	"github.com/muxbench/muxbench/internal/server"
	iouring "github.com/muxbench/muxbench/servers/io_uring"
)

// Serving echo on io_uring, as bench serve --backend io_uring does; check
// Available first to refuse in one line where io_uring is off.
func Example() {
	if err := iouring.Available(); err != nil {
		fmt.Println(err) // e.g. io_uring unavailable: kernel.io_uring_disabled=2 ...
		return
	}
	o := iouring.Options{Entries: 256, Buffers: 64, BufferSize: 16 << 10}
	srv, err := o.New(server.Config{Addrs: []string{"127.0.0.1:0"}, Handler: handler.Echo{}})
	if err != nil {
		fmt.Println(err)
		return
	}
	go srv.Serve(context.Background())
	defer srv.Close()
	c, err := net.Dial("tcp", srv.Addrs()[0].String())
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.Close()
	fmt.Fprintf(c, "hello\n")
	reply := make([]byte, 6)
	io.ReadFull(c, reply)
	fmt.Printf("%q\n", reply)
}

// TestNetcat drives the backend with nc(1), the way a user tries bench
// serve: lines in, the same lines out, and the close after nc's EOF (-N:
// shut down the socket's write side at the end of input) counted.
func TestNetcat(t *testing.T) {
	nc, err := exec.LookPath("nc")
	if err != nil {
		t.Skip("no nc(1) on this machine (apt-get install netcat-openbsd)")
	}
	s := serve(t, server.Config{})
	host, port, _ := net.SplitHostPort(s.addr)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	in := strings.Repeat("hello io_uring\n", 1000)
	cmd := exec.CommandContext(ctx, nc, "-N", host, port)
	cmd.Stdin = strings.NewReader(in)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("nc: %v", err)
	}
	if !bytes.Equal(out, []byte(in)) {
		t.Fatalf("nc got %d bytes back, want the %d sent", len(out), len(in))
	}
	s.await(t, "the close after nc's EOF", func(c server.Counters) bool { return c.Closes == 1 && c.Active == 0 })
}
