package faults

import (
	"context"
	"fmt"
	"time"

	"github.com/muxbench/muxbench/internal/server"
)

// settleTimeout bounds how long a scenario waits for the server to accept or
// reap what it opened or closed.
const settleTimeout = 30 * time.Second

// ResetReport is what ResetStorm measured.
type ResetReport struct {
	Requested int `json:"requested"`
	Opened    int `json:"opened"`
	DialErrs  int `json:"dial_errors"`
	// Refused is how many of them the server accepted and closed at once
	// because it cannot watch them (select above FD_SETSIZE).
	Refused uint64 `json:"server_refused"`
	// Reset is how many were closed with SO_LINGER 0 (an RST each).
	Reset int `json:"reset"`
	// ReapTime is from the first RST until the server held only the active
	// clients again.
	ReapTime time.Duration `json:"reap_ns"`
	// ServingAfter: an active client completed an exchange after the storm.
	ServingAfter bool         `json:"serving_after"`
	Active       ActiveReport `json:"active"`
	Peak         Resources    `json:"server_peak"`
	Err          string       `json:"error,omitempty"`
}

// Survived reports whether the server came through: everything reaped,
// the active clients served without an error.
func (r ResetReport) Survived() bool {
	return r.Err == "" && r.ServingAfter && r.Active.Errors == 0 && r.Opened == r.Requested
}

// ResetStorm opens n connections, waits until the server accepted them,
// then closes all of them with SO_LINGER 0 in one burst while `active`
// clients keep echoing, and checks the server reaps them and keeps serving.
func ResetStorm(ctx context.Context, t Target, n, active int) (rep ResetReport) {
	rep.Requested = n
	rep.Active, rep.ServingAfter, rep.Err = underLoad(t, active, "the storm", func(base server.Counters) error {
		return rep.storm(ctx, t, base, n, active)
	})
	return rep
}

func (rep *ResetReport) storm(ctx context.Context, t Target, base server.Counters, n, active int) error {
	conns, failed, dialErr := dialMany(ctx, t.Addrs[0], n)
	rep.Opened, rep.DialErrs = len(conns), failed
	defer func() { closeAll(conns) }()
	if failed > 0 {
		return fmt.Errorf("%d of %d connects failed: %v", failed, n, dialErr)
	}
	accepted, err := t.waitCounters(ctx, settleTimeout, "accepting the storm's connections", func(c server.Counters) bool {
		return c.Accepts-base.Accepts >= uint64(n+active)
	})
	if err != nil {
		return err
	}
	rep.Refused = accepted.Refused - base.Refused
	if rep.Peak, err = t.resources(); err != nil {
		return err
	}
	start := time.Now()
	for _, c := range conns {
		if err := c.SetLinger(0); err != nil {
			return fmt.Errorf("SO_LINGER 0: %w", err)
		}
		c.Close()
		rep.Reset++
	}
	conns = nil
	_, err = t.waitCounters(ctx, settleTimeout, "reaping the reset connections", func(c server.Counters) bool {
		return c.Active <= base.Active+uint64(active)
	})
	rep.ReapTime = time.Since(start)
	return err
}
