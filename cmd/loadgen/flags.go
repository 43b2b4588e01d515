package main

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/muxbench/muxbench/internal/cli"
	"github.com/muxbench/muxbench/internal/loadgen"
)

// parseFlags reads the command line into options and validates them. A
// bad flag is returned as one error; -h prints the help to stderr and
// returns flag.ErrHelp (see cli).
func parseFlags(fs *cli.Flags, args []string) (options, error) {
	var o options
	var addrs, sources, mode string
	fs.StringVar(&addrs, "addr", "", "server `HOST:PORT[,HOST:PORT...]` (several ports spread the connections)")
	fs.IntVar(&o.cfg.Idle, "idle", 0, "idle connections held through the run")
	fs.IntVar(&o.cfg.Active, "active", 1, "active connections")
	fs.DurationVar(&o.duration, "duration", 10*time.Second, "measurement window")
	fs.DurationVar(&o.warmup, "warmup", 2*time.Second, "warm-up, discarded")
	fs.IntVar(&o.cfg.MsgSize, "msg-size", loadgen.DefaultMsgSize, "request size in bytes")
	fs.StringVar(&mode, "mode", "closed", "closed (one request in flight per connection) or open (constant rate)")
	fs.Float64Var(&o.cfg.Rate, "rate", 0, "total requests/s in open mode")
	fs.DurationVar(&o.cfg.IdlePing, "idle-ping", 0, "mean Poisson interval of each idle connection's one-byte ping (0: silent)")
	fs.StringVar(&sources, "source-addrs", "", "local source addresses, e.g. 127.0.0.1-127.0.0.8")
	fs.Float64Var(&o.cfg.ConnectRate, "connect-rate", 0, "new connections/s while opening the fleet (0: unlimited)")
	fs.DurationVar(&o.cfg.Timeout, "timeout", loadgen.DefaultTimeout, "per request (and per connect)")
	fs.IntVar(&o.cfg.Loops, "loops", 1, "driver threads sharing the active connections")
	fs.StringVar(&o.jsonPath, "json", "", "write every figure and the parameters to `FILE`")
	fs.StringVar(&o.hlogPath, "hlog", "", "write an HdrHistogram interval log (1 s intervals) to `FILE`")
	fs.BoolVar(&o.quiet, "quiet", false, "no table or progress lines")
	fs.BoolVar(&o.version, "version", false, "print the module version and the commit it was built from, and exit")
	if err := fs.Parse(args); err != nil || o.version {
		return o, err
	}
	return o, finishFlags(&o, addrs, sources, mode)
}

func finishFlags(o *options, addrs, sources, mode string) error {
	if addrs == "" {
		return errors.New("--addr is required")
	}
	var err error
	if o.cfg.Addrs, err = loadgen.ParseAddrs(addrs); err != nil {
		return fmt.Errorf("--addr: %w", err)
	}
	if sources != "" {
		if o.cfg.SourceAddrs, err = loadgen.ParseSourceRange(sources); err != nil {
			return fmt.Errorf("--source-addrs: %w", err)
		}
	}
	o.cfg.Mode = loadgen.Mode(strings.ToLower(mode))
	if o.duration <= 0 || o.warmup < 0 || o.cfg.Timeout <= 0 {
		return errors.New("--duration and --timeout must be > 0, --warmup >= 0")
	}
	return o.cfg.WithDefaults().Validate()
}
