package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/muxbench/muxbench/internal/cli"
	"github.com/muxbench/muxbench/internal/crosscheck"
	"github.com/muxbench/muxbench/internal/idlestate"
	"github.com/muxbench/muxbench/internal/registry"
)

func init() {
	register(command{
		name:    "crosscheck",
		summary: "loadgen's latency beside sockperf's, on the same server child",
		run:     func(args []string) int { return crossCheck(args, os.Stdout, os.Stderr) },
	})
}

func crossCheck(args []string, stdout, stderr io.Writer) int {
	var o crosscheck.Options
	fs := newFlags("crosscheck", "[--backends LIST] [--rounds 6] [--duration 1s] [--msg-size 64] [--idle-states poll|os] [--sockperf PATH] [--out FILE]", stderr)
	backends := fs.String("backends", strings.Join(registry.InProcessNames(), ","), "comma `list` of backends")
	fs.IntVar(&o.Rounds, "rounds", crosscheck.DefaultRounds, "rounds per backend, each client measuring once a round (6 or more for an interval)")
	fs.DurationVar(&o.Duration, "duration", time.Second, "each client's measurement in a round (sockperf rounds up to whole seconds)")
	fs.IntVar(&o.MsgSize, "msg-size", 64, "message size in `bytes`, header included (sockperf -m; at least 14)")
	fs.StringVar(&o.Sockperf, "sockperf", "sockperf", "the sockperf `binary`")
	out := fs.String("out", "", "also write the Markdown table to this `file`")
	idle := fs.String("idle-states", string(idlestate.Poll), idleStatesUsage)
	if code, done := fs.Exit(fs.Parse(args)); done {
		return code
	}
	if err := checkCross(&o, *backends); err != nil {
		return fs.BadArgs(err)
	}
	var err error
	if o.IdleStates, err = idlestate.ParseMode(*idle); err != nil {
		return fs.BadArgs(err)
	}
	if o.Sockperf, err = exec.LookPath(o.Sockperf); err != nil {
		return fs.Fail(exitFailed, "sockperf not found (%v): apt-get install sockperf", err)
	}
	if o.Exe, err = os.Executable(); err != nil {
		return fs.Fail(exitFailed, "%v", err)
	}
	ctx, cancel := cli.SignalContext()
	defer cancel()
	rep, err := crosscheck.Run(ctx, o, stderr)
	if err != nil {
		return fs.Fail(exitFailed, "interrupted")
	}
	if err := writeCross(rep, stdout, *out); err != nil {
		return fs.Fail(exitFailed, "%v", err)
	}
	if rep.Failed() {
		return exitFailed
	}
	return exitOK
}

// writeCross prints the page and, with --out, writes it to that file.
func writeCross(rep *crosscheck.Report, stdout io.Writer, out string) error {
	var md bytes.Buffer
	rep.Write(&md)
	stdout.Write(md.Bytes())
	if out == "" {
		return nil
	}
	return os.WriteFile(out, md.Bytes(), 0o644)
}

// checkCross validates the flags' values and sets the backend list.
func checkCross(o *crosscheck.Options, backends string) error {
	switch {
	case o.Rounds < 1:
		return fmt.Errorf("--rounds %d: want at least 1", o.Rounds)
	case o.Duration < time.Second/2:
		return fmt.Errorf("--duration %v: want at least 500ms", o.Duration)
	case o.MsgSize < 14 || o.MsgSize > 65507:
		return fmt.Errorf("--msg-size %d outside 14..65507", o.MsgSize)
	}
	o.Backends = cli.List(backends)
	for _, name := range o.Backends {
		b, err := registry.Lookup(name)
		if err != nil {
			return err
		}
		if why := b.CannotServe("sockperf"); why != "" {
			return errors.New(why)
		}
	}
	return nil
}
