package idlestate

import "fmt"

// Mode is how a run treats the CPUs' idle states.
type Mode string

const (
	// Poll holds a 0 µs resume latency for the run (Hold): the default.
	Poll Mode = "poll"
	// OS leaves the idle states to the OS's governor.
	OS Mode = "os"
)

// ParseMode reads a --idle-states value.
func ParseMode(s string) (Mode, error) {
	switch Mode(s) {
	case Poll, OS:
		return Mode(s), nil
	}
	return "", fmt.Errorf("--idle-states %s: want poll (hold the CPUs' idle loops polling) or os (leave them to the OS)", s)
}
