package faults

import (
	"context"
	"fmt"
	"time"

	"github.com/muxbench/muxbench/internal/procstat"
	"github.com/muxbench/muxbench/internal/server"
)

// Resources is what a server process holds at one moment (see procstat).
type Resources = procstat.Resources

// Target is the server a scenario runs against.
type Target struct {
	// Addrs are the server's listen addresses; scenarios use the first.
	Addrs []string
	// Counters reads the server's own counters (Active tells when the
	// server has accepted or closed what a scenario opened).
	Counters func() (server.Counters, error)
	// PID is the server's process when it runs as a child; 0 when it
	// shares this process, whose fds and RSS are not the server's alone
	// (resource figures are then left zero and said to be n/a).
	PID int
}

// resources reads the target's resources, or zero when it is in-process.
func (t Target) resources() (Resources, error) {
	if t.PID == 0 {
		return Resources{}, nil
	}
	return procstat.ReadResources(t.PID)
}

// pollInterval is how often waitActive re-reads the counters: the condition
// it waits for is the server's, so it can only be polled, within a deadline.
const pollInterval = 5 * time.Millisecond

// waitCounters waits until the server's counters satisfy ok, or d passes;
// it returns the last counters read.
func (t Target) waitCounters(ctx context.Context, d time.Duration, what string, ok func(server.Counters) bool) (server.Counters, error) {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	tick := time.NewTicker(pollInterval)
	defer tick.Stop()
	for {
		c, err := t.Counters()
		if err != nil {
			return c, err
		}
		if ok(c) {
			return c, nil
		}
		select {
		case <-ctx.Done():
			return c, fmt.Errorf("%s: not reached in %v (server holds %d connections, accepted %d)", what, d, c.Active, c.Accepts)
		case <-tick.C:
		}
	}
}

// AwaitIdle waits until the server holds no connection, as it must once
// every client of the scenarios is gone.
func AwaitIdle(ctx context.Context, t Target) error {
	_, err := t.waitCounters(ctx, settleTimeout, "closing every connection", func(c server.Counters) bool {
		return c.Active == 0
	})
	return err
}
