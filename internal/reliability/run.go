package reliability

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/muxbench/muxbench/internal/chaos"
	"github.com/muxbench/muxbench/internal/control"
	"github.com/muxbench/muxbench/internal/faults"
	"github.com/muxbench/muxbench/internal/machine"
	"github.com/muxbench/muxbench/internal/procstat"
	"github.com/muxbench/muxbench/internal/registry"
	"github.com/muxbench/muxbench/internal/results"
)

// BackendReport is every figure measured for one backend.
type BackendReport struct {
	Backend   string                     `json:"backend"`
	Before    procstat.Resources         `json:"server_before"`
	After     procstat.Resources         `json:"server_after"`
	Leaks     procstat.Resources         `json:"server_drift"`
	Reset     faults.ResetReport         `json:"reset_storm"`
	HalfOpen  faults.HalfOpenReport      `json:"half_open"`
	Slow      faults.SlowReport          `json:"slow_clients"`
	Chaos     *chaos.Report              `json:"chaos"`
	PortInUse faults.StartupReport       `json:"port_in_use"`
	FdLimit   faults.ServerFdLimitReport `json:"server_fd_limit"`
	HTTPFlood faults.FloodReport         `json:"pipelined_http_flood"`
	RPCFlood  faults.FloodReport         `json:"rpc_work_flood"`
	// ServerExit is the child's exit after all of it ("" = clean exit 0).
	ServerExit string `json:"server_exit"`
	Err        string `json:"error,omitempty"`
}

// Report is one run: reliability.json.
type Report struct {
	Machine     results.Machine      `json:"machine"`
	Started     time.Time            `json:"started"`
	Elapsed     time.Duration        `json:"elapsed_ns"`
	Quick       bool                 `json:"quick"`
	Size        Size                 `json:"size"`
	Backends    []BackendReport      `json:"backends"`
	ConnRefused faults.StartupReport `json:"connection_refused"`
	GenFdLimit  faults.StartupReport `json:"generator_fd_limit"`
}

// Run runs every scenario against each named backend, started from the
// bench binary exe, naming each backend on progress as it starts, then the
// generator's own start-up faults.
func Run(ctx context.Context, exe string, backends []string, quick bool, progress io.Writer) *Report {
	rep := &Report{Machine: machine.Describe(), Started: time.Now(), Quick: quick, Size: SizeFor(quick)}
	for _, name := range backends {
		fmt.Fprintf(progress, "reliability: %s ...\n", name)
		rep.Backends = append(rep.Backends, runBackend(ctx, exe, name, rep.Size))
	}
	rep.ConnRefused = faults.ConnRefused(ctx)
	rep.GenFdLimit = generatorFdLimit(ctx, exe)
	rep.Elapsed = time.Since(rep.Started)
	return rep
}

// runBackend runs the scenarios that share one child, then those that
// need their own start: a port in use, a low fd limit, and the floods.
func runBackend(ctx context.Context, exe, name string, size Size) (r BackendReport) {
	r.Backend = name
	c, err := faults.StartChild(control.Spec{Exe: exe, Args: control.ServeArgs(name)})
	if err != nil {
		r.Err = err.Error()
		return r
	}
	r.shared(ctx, c, size)
	if _, err := c.Stop(); err != nil {
		r.ServerExit = err.Error()
	}
	r.PortInUse = faults.PortInUse(registry.MustLookup(name).New)
	r.FdLimit = serverFdLimit(ctx, exe, name, size)
	r.runFloods(exe, size)
	return r
}

// shared runs the scenarios on one child, with the server's resources read
// before the first and after the last once every client has gone.
func (r *BackendReport) shared(ctx context.Context, c *faults.Child, size Size) {
	t := c.Target()
	// One request first: the child's Go runtime opens its poller's fds on
	// its first read of the control pipe, which is not a leak.
	if _, err := t.Counters(); err != nil {
		r.Err = err.Error()
	}
	var err error
	if r.Before, err = procstat.ReadResources(t.PID); err != nil {
		r.Err = err.Error()
	}
	r.Reset = faults.ResetStorm(ctx, t, size.Resets, 4)
	r.HalfOpen = faults.HalfOpen(ctx, t, size.HalfOpen, 4)
	slow := size.Slow
	b := registry.MustLookup(r.Backend)
	slow.HeldReads, slow.RecvPool = b.HeldReads, b.RecvPool
	r.Slow = faults.SlowClients(ctx, t, slow)
	cc := size.Chaos
	cc.Addrs, cc.Seed = t.Addrs, uint64(time.Now().UnixNano())
	if r.Chaos, err = chaos.Run(ctx, cc); err != nil {
		r.Err = err.Error()
	}
	if err := faults.AwaitIdle(ctx, t); err != nil && r.Err == "" {
		r.Err = err.Error()
	}
	if r.After, err = procstat.ReadResources(t.PID); err == nil {
		r.Leaks = r.After.Sub(r.Before)
	}
}

// serverFdLimit runs the fd-limit flood against its own child, started
// under the low limit.
func serverFdLimit(ctx context.Context, exe, name string, size Size) faults.ServerFdLimitReport {
	c, err := faults.StartChild(control.Spec{Exe: exe, Args: control.ServeArgs(name), FdLimit: size.FdLimit})
	if err != nil {
		return faults.ServerFdLimitReport{Limit: size.FdLimit, Err: err.Error()}
	}
	rep := faults.ServerFdLimit(ctx, c, size.FdLimit, size.FdFlood)
	if _, err := c.Stop(); err != nil && rep.Err == "" {
		rep.Err = "server exit: " + err.Error()
	}
	return rep
}

// generatorFdLimit runs cmd/loadgen, found beside the bench binary, under a
// low fd limit with a fleet that cannot fit.
func generatorFdLimit(ctx context.Context, exe string) faults.StartupReport {
	lg := filepath.Join(filepath.Dir(exe), "loadgen")
	if _, err := os.Stat(lg); err != nil {
		return faults.StartupReport{Fault: "fd limit too low for the generator's fleet",
			Err: "n/a: no loadgen binary beside bench (make build puts both in bin/)"}
	}
	args := []string{"--addr", "127.0.0.1:1", "--idle", strconv.Itoa(1000), "--duration", "1s"}
	return faults.GeneratorFdLimit(ctx, lg, args, 256)
}
