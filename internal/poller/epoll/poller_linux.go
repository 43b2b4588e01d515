package epoll

import (
	"time"

	"github.com/muxbench/muxbench/internal/reactor"
	"golang.org/x/sys/unix"
)

// etEvents is the one registration of edge-triggered mode: read and write
// together, so steady state needs no epoll_ctl.
const etEvents = unix.EPOLLIN | unix.EPOLLOUT | unix.EPOLLRDHUP | unix.EPOLLET

// Poller is the reactor's poller, built on an Instance. It is used by the
// loop goroutine only.
type Poller struct {
	ep    *Instance
	edge  bool
	raw   []unix.EpollEvent // reused by every wait
	stats reactor.PollerStats
}

var _ reactor.Poller = (*Poller)(nil)

// New creates an epoll instance (close-on-exec) in the given mode.
func New(mode Mode) (*Poller, error) {
	ep, err := NewInstance()
	if err != nil {
		return nil, err
	}
	return &Poller{ep: ep, edge: mode == Edge}, nil
}

// EdgeTriggered reports the mode.
func (p *Poller) EdgeTriggered() bool { return p.edge }

// Stats returns the poller's counters.
func (p *Poller) Stats() reactor.PollerStats {
	s := p.stats
	s.WaitCalls = p.ep.Waits()
	return s
}

// Add registers fd: in edge-triggered mode for read and write at once,
// whatever in says.
func (p *Poller) Add(fd int, in reactor.Interest) error {
	events := uint32(etEvents)
	if !p.edge {
		events = levelEvents(in)
	}
	p.countCtl()
	return p.ep.Add(fd, events, int32(fd))
}

// Mod changes fd's interest in level-triggered mode. In edge-triggered mode
// the registration made by Add already covers everything: no syscall.
func (p *Poller) Mod(fd int, in reactor.Interest) error {
	if p.edge {
		return nil
	}
	p.countCtl()
	return p.ep.Mod(fd, levelEvents(in), int32(fd))
}

// Del removes fd; the loop calls it before close(2).
func (p *Poller) Del(fd int) error {
	p.countCtl()
	return p.ep.Del(fd)
}

// countCtl counts an interest change that is an epoll_ctl syscall.
func (p *Poller) countCtl() {
	p.stats.InterestChanges++
	p.stats.CtlSyscalls++
}

// levelEvents maps interest to level-triggered flags. EPOLLRDHUP goes with
// read interest only: once the loop stops reading (EOF seen, or paused by
// backpressure) a still-raised RDHUP would otherwise be reported forever.
func levelEvents(in reactor.Interest) uint32 {
	var e uint32
	if in&reactor.InterestRead != 0 {
		e |= unix.EPOLLIN | unix.EPOLLRDHUP
	}
	if in&reactor.InterestWrite != 0 {
		e |= unix.EPOLLOUT
	}
	return e
}

// Wait calls epoll_wait (EINTR retried by the Instance, each attempt a wait
// call) and translates the ready events. Only ready fds come back, so the
// scan is O(events), not O(watched fds).
func (p *Poller) Wait(events []reactor.Event, timeoutMs int) (int, error) {
	return p.wait(events, timeoutMs, false)
}

// WaitRaw is Wait as one raw epoll_wait (Instance.WaitRaw).
func (p *Poller) WaitRaw(events []reactor.Event, timeoutMs int) (int, error) {
	return p.wait(events, timeoutMs, true)
}

func (p *Poller) wait(events []reactor.Event, timeoutMs int, raw bool) (int, error) {
	if len(p.raw) < len(events) {
		p.raw = make([]unix.EpollEvent, len(events))
	}
	buf, timeout := p.raw[:len(events)], time.Duration(timeoutMs)*time.Millisecond
	var n int
	var err error
	if raw {
		n, err = p.ep.WaitRaw(buf, timeout)
	} else {
		n, err = p.ep.Wait(buf, timeout)
	}
	if err != nil {
		return 0, err
	}
	for i, e := range p.raw[:n] {
		events[i] = reactor.Event{Fd: e.Fd, Flags: flagsOf(e.Events)}
	}
	p.stats.EventsReturned += uint64(n)
	p.stats.FdsScanned += uint64(n)
	return n, nil
}

// flagsOf translates each epoll bit on its own.
func flagsOf(e uint32) reactor.Flags {
	var f reactor.Flags
	if e&unix.EPOLLIN != 0 {
		f |= reactor.Readable
	}
	if e&unix.EPOLLOUT != 0 {
		f |= reactor.Writable
	}
	if e&unix.EPOLLERR != 0 {
		f |= reactor.Error
	}
	if e&unix.EPOLLHUP != 0 {
		f |= reactor.Hangup
	}
	if e&unix.EPOLLRDHUP != 0 {
		f |= reactor.ReadHangup
	}
	return f
}

// Close closes the epoll fd.
func (p *Poller) Close() error { return p.ep.Close() }
