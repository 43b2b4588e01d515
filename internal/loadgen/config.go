package loadgen

import (
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"time"
)

// Mode selects how active connections are driven.
type Mode string

const (
	// Closed keeps one request in flight per connection; latency runs from
	// the send to the last byte of the reply.
	Closed Mode = "closed"
	// Open sends at a constant total rate; latency runs from the intended
	// send time (coordinated-omission corrected) and, kept beside it, from
	// the actual send time.
	Open Mode = "open"
)

// Limits and defaults.
const (
	DefaultMsgSize = 64
	MinMsgSize     = headerSize
	MaxMsgSize     = 1 << 20
	DefaultTimeout = 2 * time.Second
	// FdMargin is kept free beyond idle+active for the process's own files
	// (stdio, epoll fds, output files, a replacement connection).
	FdMargin = 64
	// maxPipeline bounds the requests queued on one open-loop connection
	// when the server falls behind; the schedule keeps running meanwhile,
	// so the delay still shows in the corrected latency.
	maxPipeline = 4096
)

// Config describes one generator: where to connect, how many connections
// and how to drive the active ones.
type Config struct {
	// Addrs are the server's TCP addresses (host:port); connections are
	// spread over them round-robin.
	Addrs []string `json:"addrs"`
	// SourceAddrs, if set, are local IPs bound before connect, round-robin,
	// to spread client ports past one address's ephemeral range.
	SourceAddrs []netip.Addr `json:"source_addrs,omitempty"`
	Idle        int          `json:"idle"`
	Active      int          `json:"active"`
	MsgSize     int          `json:"msg_size"`
	Mode        Mode         `json:"mode"`
	// Rate is the total offered requests/s over all active connections
	// (open mode only).
	Rate float64 `json:"rate,omitempty"`
	// IdlePing, when > 0, makes each idle connection send one byte at
	// Poisson-spaced intervals of this mean during Run and check the echo.
	IdlePing time.Duration `json:"idle_ping_ns"`
	// ConnectRate limits new connections per second while opening the
	// fleet (0: as fast as the server accepts).
	ConnectRate float64 `json:"connect_rate,omitempty"`
	// Timeout bounds one request (and one connect); an expired request is
	// counted, its connection closed and replaced.
	Timeout time.Duration `json:"timeout_ns"`
	// Loops is the number of driver threads the active connections are
	// split over (0: 1). Each has its own histograms, merged after the run.
	Loops int `json:"loops"`
}

// WithDefaults fills zero fields.
func (c Config) WithDefaults() Config {
	if c.MsgSize == 0 {
		c.MsgSize = DefaultMsgSize
	}
	if c.Mode == "" {
		c.Mode = Closed
	}
	if c.Timeout <= 0 {
		c.Timeout = DefaultTimeout
	}
	if c.Loops <= 0 {
		c.Loops = 1
	}
	if c.Loops > c.Active && c.Active > 0 {
		c.Loops = c.Active
	}
	return c
}

// Validate reports the first inconsistency in c (after WithDefaults).
func (c Config) Validate() error {
	switch {
	case len(c.Addrs) == 0:
		return errors.New("no server address given")
	case c.Idle < 0 || c.Active < 0:
		return fmt.Errorf("idle (%d) and active (%d) must be >= 0", c.Idle, c.Active)
	case c.MsgSize < MinMsgSize || c.MsgSize > MaxMsgSize:
		return fmt.Errorf("message size %d outside %d..%d bytes", c.MsgSize, MinMsgSize, MaxMsgSize)
	case c.Mode != Closed && c.Mode != Open:
		return fmt.Errorf("mode %q: want closed or open", c.Mode)
	case c.Mode == Open && c.Rate <= 0:
		return errors.New("open mode needs a rate > 0 requests/s")
	case c.Mode == Closed && c.Rate != 0:
		return errors.New("a rate applies to open mode only")
	case c.IdlePing < 0 || c.ConnectRate < 0:
		return errors.New("idle ping interval and connect rate must be >= 0")
	}
	for _, a := range c.Addrs {
		if _, err := resolve(a); err != nil {
			return err
		}
	}
	return nil
}

// FdsNeeded is how many descriptors the generator holds at most.
func (c Config) FdsNeeded() int { return c.Idle + c.Active + FdMargin }

// LimitError says the fleet cannot fit in the open-files limit.
type LimitError struct {
	Idle, Active, Margin int
	Soft, Hard           uint64
}

func (e *LimitError) Error() string {
	most := int(e.Soft) - e.Active - e.Margin
	return fmt.Sprintf("need %d file descriptors (idle %d + active %d + margin %d) but RLIMIT_NOFILE is %d (hard %d): lower --idle to at most %d or raise the hard limit",
		e.Idle+e.Active+e.Margin, e.Idle, e.Active, e.Margin, e.Soft, e.Hard, max(most, 0))
}

// ParseAddrs splits a comma-separated host:port list.
func ParseAddrs(s string) ([]string, error) {
	var out []string
	for _, a := range strings.Split(s, ",") {
		a = strings.TrimSpace(a)
		if a == "" {
			continue
		}
		if _, err := resolve(a); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	if len(out) == 0 {
		return nil, errors.New("no address given")
	}
	return out, nil
}

// ParseSourceRange parses "127.0.0.1-127.0.0.8" or a comma list of IPv4
// addresses into the addresses it names.
func ParseSourceRange(s string) ([]netip.Addr, error) {
	var out []netip.Addr
	for _, part := range strings.Split(s, ",") {
		lo, hi, isRange := strings.Cut(strings.TrimSpace(part), "-")
		first, err := netip.ParseAddr(lo)
		if err != nil || !first.Is4() {
			return nil, fmt.Errorf("source address %q: want IPv4", lo)
		}
		last := first
		if isRange {
			if last, err = netip.ParseAddr(hi); err != nil || !last.Is4() || last.Less(first) {
				return nil, fmt.Errorf("source range %q: want FIRST-LAST, IPv4, FIRST <= LAST", part)
			}
		}
		for a := first; ; a = a.Next() {
			out = append(out, a)
			if a == last || len(out) > 1024 {
				break
			}
		}
	}
	if len(out) > 1024 {
		return nil, errors.New("more than 1024 source addresses")
	}
	return out, nil
}

// resolve parses a numeric IPv4 host:port (the generator never resolves
// names: every connection must go to exactly the address given).
func resolve(a string) (netip.AddrPort, error) {
	ap, err := netip.ParseAddrPort(a)
	if err != nil {
		return ap, fmt.Errorf("address %q: want numeric IPv4 HOST:PORT", a)
	}
	if !ap.Addr().Is4() || ap.Port() == 0 {
		return ap, fmt.Errorf("address %q: want IPv4 and a port > 0", a)
	}
	return ap, nil
}
