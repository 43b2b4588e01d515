package registry

import (
	"flag"
	"fmt"

	"github.com/muxbench/muxbench/internal/server"
	iouring "github.com/muxbench/muxbench/servers/io_uring"
)

// NewServer starts a backend listening on cfg.Addrs.
type NewServer = func(server.Config) (server.Server, error)

// OptionFlags defines every backend's own option flags (Backend.Flags) on
// fs, so that a command knows none of them by name. Once fs is parsed, the
// function it returns gives the named backend's constructor, with the
// values given for its flags, or an error for an unknown backend or for a
// flag given that belongs to another backend.
func OptionFlags(fs *flag.FlagSet) func(backend string) (NewServer, error) {
	owner := map[string]string{}        // flag name → backend
	withFlags := map[string]NewServer{} // backend → its constructor with the flags' values
	for _, b := range All {
		if b.Flags == nil {
			continue
		}
		own := flag.NewFlagSet(b.Name, flag.ContinueOnError)
		withFlags[b.Name] = b.Flags(own)
		own.VisitAll(func(f *flag.Flag) {
			fs.Var(f.Value, f.Name, f.Usage)
			owner[f.Name] = b.Name
		})
	}
	return func(name string) (NewServer, error) {
		b, err := Lookup(name)
		if err != nil {
			return nil, err
		}
		fs.Visit(func(f *flag.Flag) {
			if o, ok := owner[f.Name]; ok && o != name && err == nil {
				err = fmt.Errorf("--%s is an option of the %s backend, not of %s: drop it or use --backend %s", f.Name, o, name, o)
			}
		})
		if err != nil {
			return nil, err
		}
		if n, ok := withFlags[name]; ok {
			return n, nil
		}
		return b.New, nil
	}
}

// uringFlags defines io_uring's Options (see there) as flags; zero keeps
// a default. The values are checked when the server starts.
func uringFlags(fs *flag.FlagSet) NewServer {
	var o iouring.Options
	fs.IntVar(&o.Entries, "uring-entries", 0,
		fmt.Sprintf("io_uring submission queue size in `entries`, a power of two (0: %d)", iouring.DefaultEntries))
	fs.IntVar(&o.Buffers, "uring-buffers", 0,
		fmt.Sprintf("io_uring provided receive `buffers`, a power of two (0: %d)", iouring.DefaultBuffers))
	fs.IntVar(&o.BufferSize, "uring-buffer-size", 0, "io_uring receive buffer size in `bytes` (0: the read buffer size)")
	fs.BoolVar(&o.SQPoll, "uring-sqpoll", false,
		"SQPOLL spends a kernel thread polling the submission queue: a core this 2-core machine does not have")
	return func(cfg server.Config) (server.Server, error) { return o.New(cfg) }
}
