package faults

import (
	"context"
	"errors"
	"net"
	"os"
	"syscall"
	"time"

	"github.com/muxbench/muxbench/internal/handler"
	"github.com/muxbench/muxbench/internal/loadgen"
	"github.com/muxbench/muxbench/internal/server"
)

// StartupReport is what a start-up or connect fault measured: whether it
// was reported as the error it is, how fast, and what it left behind.
type StartupReport struct {
	Fault string `json:"fault"`
	// Reported is the error the code under test gave; Recognised says it
	// names the fault (errors.Is, or the expected text and exit status).
	Reported   string        `json:"reported"`
	Recognised bool          `json:"recognised"`
	Took       time.Duration `json:"took_ns"`
	// FdsLeaked is this process's fd count after minus before (in-process
	// faults only).
	FdsLeaked int    `json:"fds_leaked"`
	Err       string `json:"error,omitempty"`
}

// Survived: the fault was recognised and nothing leaked.
func (r StartupReport) Survived() bool { return r.Err == "" && r.Recognised && r.FdsLeaked == 0 }

// PortInUse holds a port and asks New to listen on it: it must fail with
// EADDRINUSE and release whatever it opened.
func PortInUse(New func(server.Config) (server.Server, error)) StartupReport {
	rep := StartupReport{Fault: "port in use"}
	held, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		rep.Err = err.Error()
		return rep
	}
	defer held.Close()
	before := selfFds()
	start := time.Now()
	srv, err := New(server.Config{Addrs: []string{held.Addr().String()}, Handler: handler.Echo{}})
	rep.Took = time.Since(start)
	if err == nil {
		srv.Close()
		rep.Err = "the server started on a port already in use"
		return rep
	}
	rep.Reported, rep.Recognised = err.Error(), errors.Is(err, syscall.EADDRINUSE)
	rep.FdsLeaked = selfFds() - before
	return rep
}

// ConnRefused points the load generator at a port nobody listens on: it
// must fail at once with a *loadgen.ConnectError.
func ConnRefused(ctx context.Context) StartupReport {
	rep := StartupReport{Fault: "connection refused"}
	addr, err := freePort()
	if err != nil {
		rep.Err = err.Error()
		return rep
	}
	before := selfFds()
	start := time.Now()
	g, err := loadgen.Dial(ctx, loadgen.Config{Addrs: []string{addr}, Active: 1, Timeout: opTimeout})
	rep.Took = time.Since(start)
	if err == nil {
		g.Close()
		rep.Err = "the generator connected to a closed port"
		return rep
	}
	var ce *loadgen.ConnectError
	rep.Reported, rep.Recognised = err.Error(), errors.As(err, &ce) && errors.Is(err, syscall.ECONNREFUSED)
	rep.FdsLeaked = selfFds() - before
	return rep
}

// freePort returns an address on which nothing listens: a port the kernel
// just handed out and that was closed again.
func freePort() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	addr := l.Addr().String()
	return addr, l.Close()
}

// selfFds counts this process's open fds (-1 if /proc is unreadable, which
// shows as a leak rather than passing silently).
func selfFds() int {
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return -1
	}
	return len(ents)
}
