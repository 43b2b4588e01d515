package registry

import (
	"flag"
	"fmt"
	"slices"
	"strings"

	"github.com/muxbench/muxbench/internal/server"
)

// Kind is what sort of loop a backend runs, which decides the counters it
// can observe.
type Kind uint8

// Kinds of backend.
const (
	// EventLoop is the shared reactor over a poller: it counts every wait,
	// event returned, fd scanned, interest change and backpressure pause.
	EventLoop Kind = iota + 1
	// Runtime is Go's runtime poller under the net package: its waits,
	// interest changes and EAGAINs are hidden (Counters.Unsupported).
	Runtime
	// Completion is a completion-based loop (io_uring): it counts ring
	// entries, completions and its io_uring_enter calls; the readiness
	// counters (waits, reads, writes, accept calls) are a measured zero.
	Completion
	// External is a program of its own, not a Go constructor: a reference
	// floor (servers/c_epoll) started as a child that takes bench serve's
	// flags and speaks internal/control's protocol. It counts what its
	// counters line does not list as unsupported.
	External
)

// String names the kind as the tables do.
func (k Kind) String() string {
	switch k {
	case EventLoop:
		return "event loop"
	case Runtime:
		return "Go runtime"
	case Completion:
		return "completion ring"
	case External:
		return "program of its own"
	}
	return fmt.Sprintf("kind(%d)", uint8(k))
}

// Backend is one backend's facts.
type Backend struct {
	// Name is the backend's name in flags and results.
	Name string
	// Waits says in a few words how it waits for readiness.
	Waits string
	// Kind is the sort of loop it runs.
	Kind Kind
	// New starts it listening on cfg.Addrs.
	New func(server.Config) (server.Server, error)
	// FdLimit is the first server fd the backend cannot watch (select:
	// FD_SETSIZE); 0 means no limit below RLIMIT_NOFILE. FdLimitWhy says
	// why, in a phrase a table can quote.
	FdLimit    int
	FdLimitWhy string
	// Available, when set, says in one line why the backend cannot run on
	// this machine (io_uring disabled, an old kernel, a program not
	// built), or nil.
	Available func() error
	// Flags, when set, defines the backend's own options beyond
	// server.Config as flags on fs, each named with the backend's prefix,
	// and returns the constructor that starts it with the values parsed
	// (OptionFlags puts every backend's on a command's flag set).
	Flags func(fs *flag.FlagSet) NewServer
	// CtlSyscalls says an interest change costs an epoll_ctl syscall (the
	// epoll backends); select's and poll's edit memory the loop keeps.
	CtlSyscalls bool
	// HeldReads is how many reads' worth of received input a connection
	// whose reading is paused may hold (0 means 1: a readiness backend
	// stops reading; io_uring's cancelled recv may already hold up to two
	// buffers), and RecvPool the receive memory mapped up front that RSS
	// grows into as it is touched (io_uring's provided buffers): what a
	// memory bound on paused connections must allow beside their output.
	HeldReads int
	RecvPool  int64
	// Program is an External backend's executable name (see ProgramPath).
	Program string
	// Handlers, when set, are the only handlers the backend speaks, by
	// their handler.New names (a program cannot run a Go handler value);
	// nil means every handler.Handler.
	Handlers []string
}

// InProcess reports whether the backend serves inside the process that
// constructs it; an External one serves from a child (see New).
func (b Backend) InProcess() bool { return b.Kind != External }

// Reference reports whether the backend is a floor the Go backends are
// measured against rather than a rival of theirs: every External one.
func (b Backend) Reference() bool { return b.Kind == External }

// AnyHandler reports whether the backend serves every handler.Handler
// value, not only the named Handlers.
func (b Backend) AnyHandler() bool { return b.Handlers == nil }

// CannotServe says in one line why the backend cannot serve the named
// handler here (unavailable, or a handler it does not speak), or "".
func (b Backend) CannotServe(handler string) string {
	if why := b.Unavailable(); why != "" {
		return why
	}
	if !b.AnyHandler() && !slices.Contains(b.Handlers, handler) {
		return fmt.Sprintf("%s speaks the %s handler only, not %s", b.Name, strings.Join(b.Handlers, ", "), handler)
	}
	return ""
}

// CountsWaits reports whether the backend counts its own readiness waits,
// events and fds scanned (netpoll cannot see them; io_uring has none).
func (b Backend) CountsWaits() bool { return b.Kind == EventLoop }

// CountsEnters reports whether the backend counts io_uring_enter calls
// (Counters.EnterCalls): the completion ring does.
func (b Backend) CountsEnters() bool { return b.Kind == Completion }

// CountsPauses reports whether the backend counts its backpressure pauses
// (every loop of its own does; netpoll's blocking Write cannot).
func (b Backend) CountsPauses() bool { return b.Kind != Runtime }

// Unavailable is why the backend cannot run here, or "" when it can.
func (b Backend) Unavailable() string {
	if b.Available == nil {
		return ""
	}
	if err := b.Available(); err != nil {
		return err.Error()
	}
	return ""
}

// MaxConns is how many connections a `bench serve` child of this backend
// can watch with the given number of listeners, or -1 when only the
// open-files limit bounds it.
func (b Backend) MaxConns(listeners int) int {
	if b.FdLimit == 0 {
		return -1
	}
	return max(b.FdLimit-ServeReserve-listeners, 0)
}
