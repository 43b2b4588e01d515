package iouring

import (
	"encoding/binary"
	"sync"

	"github.com/muxbench/muxbench/internal/server"
	"golang.org/x/sys/unix"
)

// phase is where a Server is in its life.
type phase uint8

const (
	phaseNew     phase = iota // listening, Serve not called
	phaseServing              // the loop runs
	phaseDone                 // everything released
)

// control is what other goroutines share with the loop. They change it
// under mu and wake the loop through the eventfd; the loop reads it only
// when that wake completes, so its hot path takes no lock.
type control struct {
	mu     sync.Mutex
	phase  phase
	stop   bool
	asks   []chan server.Counters // snapshot requests the loop has not taken
	final  server.Counters        // the last snapshot, once done
	wakeFd int                    // a blocking eventfd the loop keeps a read on
}

// wakeLocked adds 1 to the eventfd, completing the loop's read. Called with
// mu held while serving, so wakeFd is open. A blocking eventfd write waits
// only at a count near 2^64, which this never reaches.
func (c *control) wakeLocked() {
	var one [8]byte
	binary.NativeEndian.PutUint64(one[:], 1)
	for {
		if _, err := unix.Write(c.wakeFd, one[:]); err != unix.EINTR {
			return
		}
	}
}

// take hands the loop the waiting snapshot requests and the stop flag.
func (c *control) take() ([]chan server.Counters, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	asks := c.asks
	c.asks = nil
	return asks, c.stop
}

// requestStop asks the loop to stop; it is harmless in any phase.
func (c *control) requestStop() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.stop = true
	if c.phase == phaseServing {
		c.wakeLocked()
	}
}
