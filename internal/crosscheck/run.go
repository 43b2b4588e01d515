package crosscheck

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	hdr "github.com/HdrHistogram/hdrhistogram-go"

	"github.com/muxbench/muxbench/internal/affinity"
	"github.com/muxbench/muxbench/internal/control"
	"github.com/muxbench/muxbench/internal/idlestate"
	"github.com/muxbench/muxbench/internal/loadgen"
	"github.com/muxbench/muxbench/internal/machine"
	"github.com/muxbench/muxbench/internal/results"
)

// warmup is loadgen's discarded run before its first round.
const warmup = 300 * time.Millisecond

// DefaultRounds is how many rounds each backend gets: six pairs is the
// fewest a sign test can find a difference in at 95%.
const DefaultRounds = 6

// Options are one cross-check.
type Options struct {
	Backends []string
	// Rounds is how many times each client measures each backend, in
	// turns, the first client alternating; Duration is each client's
	// measurement in a round (sockperf rounds it to whole seconds);
	// MsgSize the message size, sockperf's header included.
	Rounds   int
	Duration time.Duration
	MsgSize  int
	// Exe is the bench binary the server children run; Sockperf the
	// sockperf binary.
	Exe, Sockperf string
	// IdleStates is how the CPUs idle while both clients measure, as in
	// bench run (idlestate.Apply).
	IdleStates idlestate.Mode
}

// Row is one backend's two measurements, or why there are none.
type Row struct {
	Backend   string
	Gen, Sock Side
	Err       string
}

// Side is one client's measurement of a backend: the round trips of every
// round in one histogram (nanoseconds, loadgen's precision), and each
// round's p99 (µs).
type Side struct {
	Hist     *hdr.Histogram
	RoundP99 []float64
}

func newSide() Side { return Side{Hist: loadgen.NewHistogram()} }

// add pools one round's histogram.
func (s *Side) add(round *hdr.Histogram) {
	s.Hist.Merge(round)
	s.RoundP99 = append(s.RoundP99, us(round.ValueAtQuantile(99)))
}

// N is the round trips measured over every round.
func (s Side) N() int64 { return s.Hist.TotalCount() }

// Quantile is the pooled q-th percentile (µs).
func (s Side) Quantile(q float64) float64 { return us(s.Hist.ValueAtQuantile(q)) }

func us(ns int64) float64 { return float64(ns) / 1e3 }

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
	idle, states := idlestate.Apply(o.IdleStates)
	defer idle.Close()
	rep.Machine.IdleStates = states
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
// (after a discarded warm-up) and sockperf in o.Rounds rounds, the client
// that goes first alternating, so that what drifts over the rounds (the
// machine's hiccups come and go) falls on both alike.
func measure(ctx context.Context, o Options, backend string) Row {
	row := Row{Backend: backend, Gen: newSide(), Sock: newSide()}
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
	clients := []func() error{
		func() error { return loadgenRound(ctx, cfg, o.Duration, &row.Gen) },
		func() error { return sockperfRound(ctx, o, addr, &row.Sock) },
	}
	for i := range o.Rounds {
		for j := range clients {
			if err := clients[(i+j)%2](); err != nil {
				row.Err = err.Error()
				return row
			}
		}
	}
	return row
}

// loadgenRound measures one round with loadgen's ping-pong.
func loadgenRound(ctx context.Context, cfg loadgen.PingPongConfig, d time.Duration, side *Side) error {
	res, err := loadgen.PingPong(ctx, cfg, d, nil)
	if err != nil {
		return fmt.Errorf("loadgen: %w", err)
	}
	side.add(res.Hist)
	return nil
}

// sockperfRound runs sockperf's ping-pong client against addr for about
// o.Duration, checks its summary (nothing lost or mangled) and pools the
// round trips of its full log, its valid duration after its own warm-up.
func sockperfRound(ctx context.Context, o Options, addr string, side *Side) error {
	dir, err := os.MkdirTemp("", "crosscheck-sockperf-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	conns, log := filepath.Join(dir, "conns"), filepath.Join(dir, "full.csv")
	if err := os.WriteFile(conns, []byte("T:"+addr+"\n"), 0o644); err != nil {
		return err
	}
	out, err := exec.CommandContext(ctx, o.Sockperf, sockperfArgs(o, conns, log)...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("sockperf: %v: %s", err, lastLine(out))
	}
	sum, err := ParseSockperf(string(out))
	if err != nil {
		return err
	}
	f, err := os.Open(log)
	if err != nil {
		return err
	}
	defer f.Close()
	round := loadgen.NewHistogram()
	n, err := ReadFullLog(f, round)
	switch {
	case err != nil:
		return err
	case uint64(n) != sum.Received:
		return fmt.Errorf("sockperf: its full log holds %d messages, its summary %d", n, sum.Received)
	}
	side.add(round)
	return nil
}

// sockperfArgs is sockperf's command line for one round: ping-pong over
// the TCP connection the conns file names, full round trips, every one in
// the full log. It waits in its epoll loop (-F epoll), which sockperf uses
// only with a -f file: send, epoll_wait, recv per round trip, as loadgen's
// driver does. Given one connection by -i/-p it blocks in recv instead,
// one syscall fewer: with the idle loops polling that measured 0.3 µs
// less per round trip at the p50 (4.37-4.49 against 4.54-4.63 µs one
// way, two 2 s runs each, epoll_et) than its epoll loop, a gap loadgen's
// own code does not make.
func sockperfArgs(o Options, conns, log string) []string {
	secs := fmt.Sprint(max(1, int((o.Duration+time.Second/2)/time.Second)))
	return []string{"ping-pong", "-f", conns, "-F", "epoll", "--full-rtt",
		"-t", secs, "-m", fmt.Sprint(o.MsgSize), "--full-log", log}
}
