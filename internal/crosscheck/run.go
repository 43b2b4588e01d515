package crosscheck

import (
	"context"
	"fmt"
	"io"
	"net"
	"os/exec"
	"time"

	"github.com/muxbench/muxbench/internal/affinity"
	"github.com/muxbench/muxbench/internal/control"
	"github.com/muxbench/muxbench/internal/loadgen"
	"github.com/muxbench/muxbench/internal/machine"
	"github.com/muxbench/muxbench/internal/results"
)

// warmup is loadgen's discarded run before its measurement.
const warmup = 300 * time.Millisecond

// Options are one cross-check.
type Options struct {
	Backends []string
	// Duration is each client's measurement (sockperf rounds it to whole
	// seconds); MsgSize the message size, sockperf's header included.
	Duration time.Duration
	MsgSize  int
	// Exe is the bench binary the server children run; Sockperf the
	// sockperf binary.
	Exe, Sockperf string
}

// Row is one backend's two measurements, or why there are none.
type Row struct {
	Backend string
	Gen     *loadgen.Result
	Sock    Sockperf
	Err     string
}

// Report is a whole cross-check.
type Report struct {
	Options
	Rows []Row
	// PinNote says where the clients and the server ran.
	PinNote string
	// Machine, Started and Elapsed say where and when it was measured.
	Machine results.Machine
	Started time.Time
	Elapsed time.Duration
}

// Failed reports whether a backend was not measured by both clients.
func (rep *Report) Failed() bool {
	for _, r := range rep.Rows {
		if r.Err != "" {
			return true
		}
	}
	return false
}

// Run pins this process (the clients) to CPU 0 and measures each backend
// in turn on its own server child on CPU 1, naming each on progress. It
// stops early with ctx's error when interrupted.
func Run(ctx context.Context, o Options, progress io.Writer) (*Report, error) {
	rep := &Report{Options: o, PinNote: "generator and sockperf on CPU 0, server on CPU 1", Machine: machine.Describe(), Started: time.Now()}
	defer func() { rep.Elapsed = time.Since(rep.Started) }()
	if err := affinity.Pin([]int{0}); err != nil {
		rep.PinNote = "not pinned: " + err.Error()
	}
	for _, b := range o.Backends {
		fmt.Fprintf(progress, "crosscheck: %s...\n", b)
		rep.Rows = append(rep.Rows, measure(ctx, o, b))
		if ctx.Err() != nil {
			return rep, ctx.Err()
		}
	}
	return rep, nil
}

// measure starts one sockperf-handler child and measures it with loadgen
// (after a discarded warm-up) and then with sockperf.
func measure(ctx context.Context, o Options, backend string) Row {
	row := Row{Backend: backend}
	child, err := control.Start(control.Spec{Exe: o.Exe, Args: control.ServeArgs(backend, "--handler", "sockperf", "--cpu", "1")})
	if err != nil {
		row.Err = fmt.Sprintf("%s child: %v", backend, err)
		return row
	}
	defer child.Stop()
	addr := child.Addrs()[0]
	cfg := loadgen.PingPongConfig{Addr: addr, MsgSize: o.MsgSize}
	if _, err := loadgen.PingPong(ctx, cfg, warmup, nil); err != nil {
		row.Err = "loadgen warm-up: " + err.Error()
		return row
	}
	if row.Gen, err = loadgen.PingPong(ctx, cfg, o.Duration, nil); err != nil {
		row.Err = "loadgen: " + err.Error()
		return row
	}
	row.Sock, err = runSockperf(ctx, o, addr)
	if err != nil {
		row.Err = err.Error()
	}
	return row
}

// runSockperf runs sockperf's ping-pong client against addr for about
// o.Duration and reads its figures.
func runSockperf(ctx context.Context, o Options, addr string) (Sockperf, error) {
	host, port, _ := net.SplitHostPort(addr)
	secs := fmt.Sprint(max(1, int((o.Duration+time.Second/2)/time.Second)))
	out, err := exec.CommandContext(ctx, o.Sockperf, "ping-pong", "--tcp", "--full-rtt", "-i", host, "-p", port,
		"-t", secs, "-m", fmt.Sprint(o.MsgSize)).CombinedOutput()
	if err != nil {
		return Sockperf{}, fmt.Errorf("sockperf: %v: %s", err, lastLine(out))
	}
	return ParseSockperf(string(out))
}
