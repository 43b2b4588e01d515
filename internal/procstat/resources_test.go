package procstat

import (
	"net"
	"os"
	"testing"
)

// TestReadResourcesCountsSockets: a socket this process opens shows in its
// fds and sockets, and goes again once closed.
func TestReadResourcesCountsSockets(t *testing.T) {
	before, err := ReadResources(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	with, err := ReadResources(os.Getpid())
	l.Close()
	if err != nil {
		t.Fatal(err)
	}
	after, err := ReadResources(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	if d := with.Sub(before); d.Sockets != 1 || d.Fds < 1 || with.Threads < 1 || with.RSSBytes <= 0 {
		t.Fatalf("with a listener: %+v, drift %+v", with, d)
	}
	if d := after.Sub(before); d.Sockets != 0 {
		t.Fatalf("after closing it: drift %+v", d)
	}
}
