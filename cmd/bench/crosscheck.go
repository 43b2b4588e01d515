package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/muxbench/muxbench/internal/crosscheck"
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
	o, out, err := parseCross(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if err != nil {
		return fail(exitBadArgs, "crosscheck: %v", err)
	}
	if o.Sockperf, err = exec.LookPath(o.Sockperf); err != nil {
		return fail(exitFailed, "crosscheck: sockperf not found (%v): apt-get install sockperf", err)
	}
	if o.Exe, err = os.Executable(); err != nil {
		return fail(exitFailed, "crosscheck: %v", err)
	}
	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer cancel()
	rep, err := crosscheck.Run(ctx, o, stderr)
	if err != nil {
		return fail(exitFailed, "crosscheck: interrupted")
	}
	var md bytes.Buffer
	rep.Write(&md)
	stdout.Write(md.Bytes())
	if out != "" {
		if err := os.WriteFile(out, md.Bytes(), 0o644); err != nil {
			return fail(exitFailed, "crosscheck: %v", err)
		}
	}
	if rep.Failed() {
		return exitFailed
	}
	return exitOK
}

func parseCross(args []string, stderr io.Writer) (o crosscheck.Options, out string, err error) {
	var backends string
	fs := flag.NewFlagSet("crosscheck", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&backends, "backends", strings.Join(registry.Names(), ","), "comma list of backends")
	fs.DurationVar(&o.Duration, "duration", 2*time.Second, "each client's measurement (sockperf rounds up to whole seconds)")
	fs.IntVar(&o.MsgSize, "msg-size", 64, "message size in bytes, header included (sockperf -m; at least 14)")
	fs.StringVar(&o.Sockperf, "sockperf", "sockperf", "the sockperf binary")
	fs.StringVar(&out, "out", "", "also write the Markdown table to this file")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(stderr, "usage: bench crosscheck [--backends LIST] [--duration 2s] [--msg-size 64] [--out FILE]")
			fs.SetOutput(stderr)
			fs.PrintDefaults()
		}
		return o, out, err
	}
	switch {
	case fs.NArg() > 0:
		return o, out, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	case o.Duration < time.Second/2:
		return o, out, fmt.Errorf("--duration %v: want at least 500ms", o.Duration)
	case o.MsgSize < 14 || o.MsgSize > 65507:
		return o, out, fmt.Errorf("--msg-size %d outside 14..65507", o.MsgSize)
	}
	o.Backends = splitList(backends)
	for _, b := range o.Backends {
		if _, err := registry.Lookup(b); err != nil {
			return o, out, err
		}
	}
	return o, out, nil
}
