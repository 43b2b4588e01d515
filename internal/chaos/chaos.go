package chaos

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sort"
	"sync"
	"time"
)

// Defaults and hard bounds.
const (
	DefaultMaxMsg   = 64 << 10
	DefaultMaxDepth = 16
	DefaultTimeout  = 5 * time.Second
	// MaxBatch bounds the bytes of one pipelined batch (MaxMsg × MaxDepth).
	MaxBatch = 8 << 20
)

// Config bounds a chaos run in time and count.
type Config struct {
	Addrs []string `json:"addrs"`
	// Clients run concurrently, each one connection at a time.
	Clients int `json:"clients"`
	// Duration and MaxExchanges bound the run: it stops at whichever comes
	// first (and at ctx's end).
	Duration     time.Duration `json:"duration_ns"`
	MaxExchanges int           `json:"max_exchanges"`
	MaxMsg       int           `json:"max_msg"`
	MaxDepth     int           `json:"max_depth"`
	// Seed makes the run's choices repeatable (client i uses Seed+i).
	Seed    uint64        `json:"seed"`
	Timeout time.Duration `json:"timeout_ns"`
}

// WithDefaults fills zero fields.
func (c Config) WithDefaults() Config {
	if c.Clients <= 0 {
		c.Clients = 4
	}
	if c.MaxMsg <= 0 {
		c.MaxMsg = DefaultMaxMsg
	}
	if c.MaxDepth <= 0 {
		c.MaxDepth = DefaultMaxDepth
	}
	if c.Timeout <= 0 {
		c.Timeout = DefaultTimeout
	}
	return c
}

// Validate reports a run that would be unbounded or malformed.
func (c Config) Validate() error {
	switch {
	case len(c.Addrs) == 0:
		return errors.New("chaos: no server address")
	case c.Duration <= 0 || c.MaxExchanges <= 0:
		return fmt.Errorf("chaos: both a duration (%v) and a maximum exchange count (%d) are required", c.Duration, c.MaxExchanges)
	case c.MaxMsg*c.MaxDepth > MaxBatch:
		return fmt.Errorf("chaos: max message %d × depth %d exceeds %d bytes per batch", c.MaxMsg, c.MaxDepth, MaxBatch)
	}
	return nil
}

// Report is what a run did and saw.
type Report struct {
	Config    Config        `json:"config"`
	Elapsed   time.Duration `json:"elapsed_ns"`
	Conns     uint64        `json:"connections"`
	Exchanges uint64        `json:"exchanges_verified"`
	Messages  uint64        `json:"messages_verified"`
	// Bytes counts verified bytes, both directions (sent and echoed).
	Bytes uint64 `json:"bytes_verified"`
	// Injected counts the faults the client caused on purpose, by kind:
	// half-close (with data in flight), reset (mid-message RST), hangup.
	Injected map[string]uint64 `json:"injected"`
	// Anomalies counts what went wrong, by kind; it must be empty.
	Anomalies map[string]uint64 `json:"anomalies"`
	// Examples keeps the first message of each anomaly kind.
	Examples map[string]string `json:"examples,omitempty"`
}

// AnomalyCount is the total of Anomalies.
func (r *Report) AnomalyCount() uint64 {
	var n uint64
	for _, v := range r.Anomalies {
		n += v
	}
	return n
}

// Kinds lists m's keys, sorted.
func Kinds(m map[string]uint64) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// Run drives cfg.Clients chaos clients until the duration, the exchange
// count or ctx ends the run.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	cfg = cfg.WithDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, cfg.Duration)
	defer cancel()
	tally := &tally{budget: int64(cfg.MaxExchanges), rep: Report{Config: cfg,
		Injected: map[string]uint64{}, Anomalies: map[string]uint64{}, Examples: map[string]string{}}}
	start := time.Now()
	var wg sync.WaitGroup
	for i := range cfg.Clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := client{cfg: cfg, t: tally, rng: rand.New(rand.NewPCG(cfg.Seed, uint64(i))), addr: cfg.Addrs[i%len(cfg.Addrs)]}
			c.run(ctx)
		}()
	}
	wg.Wait()
	tally.rep.Elapsed = time.Since(start)
	return &tally.rep, nil
}

// tally is the run's shared counts.
type tally struct {
	mu     sync.Mutex
	budget int64
	rep    Report
}

// take reserves one exchange of the budget.
func (t *tally) take() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.budget <= 0 {
		return false
	}
	t.budget--
	return true
}

func (t *tally) verified(msgs int, bytes int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.rep.Exchanges++
	t.rep.Messages += uint64(msgs)
	t.rep.Bytes += uint64(2 * bytes)
}

func (t *tally) inject(kind string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.rep.Injected[kind]++
}

func (t *tally) conn() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.rep.Conns++
}

func (t *tally) anomaly(kind string, err error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.rep.Anomalies[kind]++
	if _, ok := t.rep.Examples[kind]; !ok && err != nil {
		t.rep.Examples[kind] = err.Error()
	}
}
