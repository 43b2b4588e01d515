package loadgen

import (
	"context"
	"net/netip"
	"time"

	"github.com/muxbench/muxbench/internal/rlimit"
	"golang.org/x/sys/unix"
)

// Generator holds an open fleet (idle connections) and the active
// connections between runs. Its methods must not be called concurrently.
type Generator struct {
	cfg     Config
	targets []target
	fleet   *fleet
	drivers []*driver
	base    time.Time
	runs    uint64
}

// Dial raises the open-files limit, refuses (with a *LimitError) a fleet
// that cannot fit, then opens the idle fleet and the active connections.
// A server that cannot be reached gives a *ConnectError.
func Dial(ctx context.Context, cfg Config) (*Generator, error) {
	cfg = cfg.WithDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	files, err := rlimit.Raise()
	if err != nil {
		return nil, err
	}
	if uint64(cfg.FdsNeeded()) > files.Soft {
		return nil, &LimitError{Idle: cfg.Idle, Active: cfg.Active, Margin: FdMargin, Soft: files.Soft, Hard: files.Hard}
	}
	g := &Generator{cfg: cfg, base: time.Now()}
	if g.targets, err = buildTargets(cfg.Addrs, cfg.SourceAddrs); err != nil {
		return nil, err
	}
	if g.fleet, err = openFleet(ctx, g.targets, cfg.Idle, cfg.ConnectRate, cfg.Timeout); err != nil {
		return nil, err
	}
	if err := g.dialActive(); err != nil {
		g.Close()
		return nil, err
	}
	return g, nil
}

// buildTargets pairs every address with every source address; connection
// i uses pair i mod len, which spreads connections evenly over both.
func buildTargets(addrs []string, srcs []netip.Addr) ([]target, error) {
	var out []target
	for _, a := range addrs {
		if len(srcs) == 0 {
			t, err := newTarget(a, nil)
			if err != nil {
				return nil, err
			}
			out = append(out, t)
		}
		for i := range srcs {
			t, err := newTarget(a, &srcs[i])
			if err != nil {
				return nil, err
			}
			out = append(out, t)
		}
	}
	return out, nil
}

// dialActive opens the active connections, dealt round-robin to drivers.
func (g *Generator) dialActive() error {
	for i := 0; i < g.cfg.Loops && g.cfg.Active > 0; i++ {
		d, err := g.newDriver()
		if err != nil {
			return err
		}
		g.drivers = append(g.drivers, d)
	}
	pipeline := 1
	if g.cfg.Mode == Open {
		pipeline = maxPipeline
	}
	for i := 0; i < g.cfg.Active; i++ {
		// Active connections take the targets after the idle ones.
		t := &g.targets[(g.cfg.Idle+i)%len(g.targets)]
		fd, err := dial(t, g.cfg.Timeout)
		if err != nil {
			return err
		}
		d := g.drivers[i%len(g.drivers)]
		c := newActiveConn(uint32(i), t, g.cfg.MsgSize, pipeline)
		c.idx = int32(len(d.conns))
		c.reset(fd)
		d.conns = append(d.conns, c)
		if err := d.w.add(fd, activeEvents, c.idx); err != nil {
			return err
		}
	}
	return nil
}

// newDriver makes one driver thread's state, its connections still to add.
func (g *Generator) newDriver() (*driver, error) {
	l, err := newEventLoop(g.cfg.Active/g.cfg.Loops+2, g.cfg.Mode == Open)
	if err != nil {
		return nil, err
	}
	timer, err := newWakeTimer(l.w)
	if err != nil {
		l.w.close()
		return nil, err
	}
	return &driver{eventLoop: l, timer: timer, mode: g.cfg.Mode, timeout: int64(g.cfg.Timeout),
		nsPerReq: 1e9 / max(g.cfg.Rate, 1e-9), active: uint64(g.cfg.Active)}, nil
}

// Fleet reports how opening the idle fleet went.
func (g *Generator) Fleet() FleetReport { return g.fleet.report }

// IdleHeld is how many idle connections are still open.
func (g *Generator) IdleHeld() int { return g.fleet.live() }

// Sweep probes every idle connection with one byte and counts the echoes,
// waiting at most the configured timeout.
func (g *Generator) Sweep(ctx context.Context) SweepReport {
	timeout := g.cfg.Timeout
	if dl, ok := ctx.Deadline(); ok {
		timeout = min(timeout, time.Until(dl))
	}
	return g.fleet.sweep(timeout)
}

// Close closes every connection. The Generator is unusable afterwards.
func (g *Generator) Close() {
	for _, d := range g.drivers {
		for _, c := range d.conns {
			if c.fd >= 0 {
				unix.Close(c.fd)
				c.fd = -1
			}
		}
		d.timer.close()
		d.w.close()
	}
	g.drivers = nil
	if g.fleet != nil {
		g.fleet.close()
		g.fleet = nil
	}
}
