package registry

import (
	"fmt"
	"strings"

	"github.com/muxbench/muxbench/internal/server"
	epollet "github.com/muxbench/muxbench/servers/epoll_et"
	epolllt "github.com/muxbench/muxbench/servers/epoll_lt"
	iouring "github.com/muxbench/muxbench/servers/io_uring"
	"github.com/muxbench/muxbench/servers/netpoll"
	pollsrv "github.com/muxbench/muxbench/servers/poll"
	selectsrv "github.com/muxbench/muxbench/servers/select"
)

// Backend names, for code that names a backend's role (the subject of the
// answer, its rivals, the pair a scenario finding compares).
const (
	Select  = "select"
	Poll    = "poll"
	EpollLT = "epoll_lt"
	EpollET = "epoll_et"
	Netpoll = "netpoll"
	IOUring = "io_uring"
	CEpoll  = "c_epoll"
)

// FdSetSize is select(2)'s FD_SETSIZE on Linux: the first fd it cannot watch.
const FdSetSize = 1024

// ServeReserve is how many fds a `bench serve` child holds below its first
// connection besides its listeners: stdio, the control pipe, the runtime's
// cgroup files, the loop's eventfd, /dev/null, with room to spare. A backend
// with an FdLimit can hold FdLimit - ServeReserve - listeners connections.
const ServeReserve = 16

// All lists every backend in the order tables list them and trials
// interleave.
var All = []Backend{
	{Name: Select, Kind: EventLoop, New: selectsrv.New,
		Waits:   "select(2), fds < FD_SETSIZE (1024) only",
		FdLimit: FdSetSize, FdLimitWhy: fmt.Sprintf("select(2) watches fds below FD_SETSIZE=%d only", FdSetSize)},
	{Name: Poll, Kind: EventLoop, New: pollsrv.New,
		Waits: "poll(2) over a pollfd array kept between waits"},
	{Name: EpollLT, Kind: EventLoop, New: epolllt.New, CtlSyscalls: true,
		Waits: "epoll, level-triggered; EPOLLOUT only while output is pending"},
	{Name: EpollET, Kind: EventLoop, New: epollet.New, CtlSyscalls: true,
		Waits: "epoll, edge-triggered; registered once, no epoll_ctl in steady state"},
	{Name: Netpoll, Kind: Runtime, New: netpoll.New,
		Waits: "Go's net package (runtime poller), goroutine per connection"},
	{Name: IOUring, Kind: Completion, New: iouring.New, Available: iouring.Available, Flags: uringFlags,
		HeldReads: 2, RecvPool: iouring.DefaultBuffers * server.DefaultReadBuffer,
		Waits: "io_uring: multishot accept and recv on a provided-buffer ring, completions reaped"},
	external(Backend{Name: CEpoll, Program: "c_epoll", Handlers: []string{"echo"},
		Waits: "C program, epoll edge-triggered on one thread: the floor the Go backends are measured against"}),
}

// Names lists every backend's name in All's order.
func Names() []string {
	names := make([]string, len(All))
	for i, b := range All {
		names[i] = b.Name
	}
	return names
}

// InProcessNames lists, in All's order, the backends `bench serve` runs in
// its own process: every one but the External programs, whose server is a
// process of its own. They are the default of the tools that read a
// `bench serve` child's /proc as the server's (reliability, soak).
func InProcessNames() []string {
	var names []string
	for _, b := range All {
		if b.InProcess() {
			names = append(names, b.Name)
		}
	}
	return names
}

// EventLoops lists, in All's order, the backends built on the shared
// reactor (Kind EventLoop), whose counters see every interest change.
func EventLoops() []Backend {
	var bs []Backend
	for _, b := range All {
		if b.Kind == EventLoop {
			bs = append(bs, b)
		}
	}
	return bs
}

// Lookup returns the backend registered under name.
func Lookup(name string) (Backend, error) {
	for _, b := range All {
		if b.Name == name {
			return b, nil
		}
	}
	return Backend{}, fmt.Errorf("unknown backend %q (known: %s)", name, strings.Join(Names(), ", "))
}

// MustLookup is Lookup for names the code itself writes (tests, constants):
// an unknown one is a programming error.
func MustLookup(name string) Backend {
	b, err := Lookup(name)
	if err != nil {
		panic(err)
	}
	return b
}
