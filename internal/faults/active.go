package faults

import (
	"bytes"
	"errors"
	"io"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/muxbench/muxbench/internal/server"
)

// opTimeout bounds one echo exchange of the active client: a server that
// stops serving the well-behaved clients shows as a timeout, not a hang.
const opTimeout = 5 * time.Second

// ActiveReport is what the active client saw while a fault was injected.
type ActiveReport struct {
	Conns     int    `json:"conns"`
	Exchanges uint64 `json:"exchanges"`
	Bytes     uint64 `json:"bytes_verified"`
	// Errors counts exchanges that failed: dial, write, read, timeout or
	// a wrong byte. It must be 0: the fault is on other connections.
	Errors    uint64 `json:"errors"`
	LastError string `json:"last_error,omitempty"`
}

// activeClient keeps conns connections echoing, each verifying every byte,
// until stop or until maxExchanges per connection.
type activeClient struct {
	stop     atomic.Bool
	wg       sync.WaitGroup
	mu       sync.Mutex
	rep      ActiveReport
	progress chan struct{} // one token per exchange, dropped when full
}

// startActive connects conns clients to addr and starts echoing.
func startActive(addr string, conns int, maxExchanges int) *activeClient {
	a := &activeClient{progress: make(chan struct{}, 1)}
	a.rep.Conns = conns
	for i := range conns {
		a.wg.Add(1)
		go a.loop(addr, i, maxExchanges)
	}
	return a
}

func (a *activeClient) loop(addr string, id, maxExchanges int) {
	defer a.wg.Done()
	c, err := net.DialTimeout("tcp", addr, opTimeout)
	if err != nil {
		a.fail(err)
		return
	}
	defer c.Close()
	out := make([]byte, 4096)
	in := make([]byte, len(out))
	for n := 0; n < maxExchanges && !a.stop.Load(); n++ {
		size := 1 + (n*131+id*17)%len(out)
		for i := range size {
			out[i] = byte(n + i*7 + id)
		}
		if err := exchange(c, out[:size], in[:size]); err != nil {
			a.fail(err)
			return
		}
		a.ok(size)
	}
}

// exchange writes out and reads the echo into in, which must equal out.
func exchange(c net.Conn, out, in []byte) error {
	if err := c.SetDeadline(time.Now().Add(opTimeout)); err != nil {
		return err
	}
	if _, err := c.Write(out); err != nil {
		return err
	}
	if _, err := io.ReadFull(c, in); err != nil {
		return err
	}
	if !bytes.Equal(in, out) {
		return errors.New("echo differs from what was sent")
	}
	return nil
}

func (a *activeClient) ok(size int) {
	a.mu.Lock()
	a.rep.Exchanges++
	a.rep.Bytes += uint64(2 * size)
	a.mu.Unlock()
	select {
	case a.progress <- struct{}{}:
	default:
	}
}

func (a *activeClient) fail(err error) {
	a.mu.Lock()
	a.rep.Errors++
	a.rep.LastError = err.Error()
	a.mu.Unlock()
}

// exchanges is the count so far.
func (a *activeClient) exchanges() uint64 {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.rep.Exchanges
}

// awaitProgress waits for one more exchange after the call, up to d; it
// proves the server still serves the active clients.
func (a *activeClient) awaitProgress(d time.Duration) bool {
	select {
	case <-a.progress:
	default:
	}
	select {
	case <-a.progress:
		return true
	case <-time.After(d):
		return false
	}
}

// finish stops the clients and returns what they saw.
func (a *activeClient) finish() ActiveReport {
	a.stop.Store(true)
	a.wg.Wait()
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.rep
}

// finishAfterAll waits for the clients to end on their own (maxExchanges
// reached or an error) and returns what they saw.
func (a *activeClient) finishAfterAll() ActiveReport {
	a.wg.Wait()
	return a.finish()
}

// underLoad runs fault while `active` clients keep echoing on the target's
// first address: the clients must make progress before the fault and are
// checked for progress after it. fault gets the server's counters from
// before the clients started. errText is empty when all went to plan.
func underLoad(t Target, active int, before string, fault func(base server.Counters) error) (rep ActiveReport, servingAfter bool, errText string) {
	base, err := t.Counters()
	if err != nil {
		return rep, false, err.Error()
	}
	ac := startActive(t.Addrs[0], active, 1<<30)
	defer func() { rep = ac.finish() }()
	if !ac.awaitProgress(opTimeout) {
		return rep, false, "active clients made no progress before " + before
	}
	if err := fault(base); err != nil {
		return rep, false, err.Error()
	}
	return rep, ac.awaitProgress(opTimeout), ""
}
