package semantics

import (
	"time"

	"github.com/muxbench/muxbench/internal/poller/epoll"
	"golang.org/x/sys/unix"
)

// poller is the probe's epoll instance watching its single fd (the fd is
// the registration's data word), with the event buffer every wait reuses.
type poller struct {
	ep  *epoll.Instance
	buf [8]unix.EpollEvent
}

func newPoller() (*poller, error) {
	ep, err := epoll.NewInstance()
	if err != nil {
		return nil, err
	}
	return &poller{ep: ep}, nil
}

func (p *poller) add(fd int, events uint32) error { return p.ep.Add(fd, events, int32(fd)) }
func (p *poller) mod(fd int, events uint32) error { return p.ep.Mod(fd, events, int32(fd)) }

// waitOne waits up to timeout for one event; the probe watches one fd, so
// at most one event comes back per wait. A timeout already spent is a poll,
// never a wait without end. EINTR is retried with what is left of the
// timeout, so a signal neither ends the wait early nor stretches it.
func (p *poller) waitOne(timeout time.Duration) (unix.EpollEvent, bool, error) {
	n, err := p.ep.Wait(p.buf[:], max(timeout, 0))
	if err != nil || n == 0 {
		return unix.EpollEvent{}, false, err
	}
	return p.buf[0], true, nil
}

func (p *poller) close() error { return p.ep.Close() }
