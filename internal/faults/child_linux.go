package faults

import (
	"github.com/muxbench/muxbench/internal/control"
)

// Child is a `bench serve --control` server child (internal/control) that
// scenarios can target.
type Child struct{ *control.Child }

// StartChild starts spec (see control.Spec; FdLimit starts it under a low
// open-files limit) and waits for its hello.
func StartChild(spec control.Spec) (*Child, error) {
	c, err := control.Start(spec)
	if err != nil {
		return nil, err
	}
	return &Child{c}, nil
}

// Target is the child as a scenario's target.
func (c *Child) Target() Target {
	return Target{Addrs: c.Addrs(), Counters: c.Counters, PID: c.PID()}
}
