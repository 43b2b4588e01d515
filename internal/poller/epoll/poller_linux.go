package epoll

import (
	"os"

	"github.com/muxbench/muxbench/internal/reactor"
	"golang.org/x/sys/unix"
)

// etEvents is the one registration of edge-triggered mode: read and write
// together, so steady state needs no epoll_ctl.
const etEvents = unix.EPOLLIN | unix.EPOLLOUT | unix.EPOLLRDHUP | unix.EPOLLET

// Poller is the reactor's poller over an epoll instance. It is used by the
// loop goroutine only.
type Poller struct {
	epfd  int
	edge  bool
	raw   []unix.EpollEvent // reused by every wait
	ev    unix.EpollEvent   // argument to epoll_ctl, kept to avoid an allocation
	stats reactor.PollerStats
}

var _ reactor.Poller = (*Poller)(nil)

// New creates an epoll instance (close-on-exec) in the given mode.
func New(mode Mode) (*Poller, error) {
	fd, err := unix.EpollCreate1(unix.EPOLL_CLOEXEC)
	if err != nil {
		return nil, os.NewSyscallError("epoll_create1", err)
	}
	return &Poller{epfd: fd, edge: mode == Edge}, nil
}

// EdgeTriggered reports the mode.
func (p *Poller) EdgeTriggered() bool { return p.edge }

// Stats returns the poller's counters.
func (p *Poller) Stats() reactor.PollerStats { return p.stats }

// Add registers fd: in edge-triggered mode for read and write at once,
// whatever in says.
func (p *Poller) Add(fd int, in reactor.Interest) error {
	events := uint32(etEvents)
	if !p.edge {
		events = levelEvents(in)
	}
	return p.ctl(unix.EPOLL_CTL_ADD, fd, events)
}

// Mod changes fd's interest in level-triggered mode. In edge-triggered mode
// the registration made by Add already covers everything: no syscall.
func (p *Poller) Mod(fd int, in reactor.Interest) error {
	if p.edge {
		return nil
	}
	return p.ctl(unix.EPOLL_CTL_MOD, fd, levelEvents(in))
}

// Del removes fd; the loop calls it before close(2).
func (p *Poller) Del(fd int) error {
	return p.ctl(unix.EPOLL_CTL_DEL, fd, 0)
}

func (p *Poller) ctl(op, fd int, events uint32) error {
	p.stats.InterestChanges++
	p.stats.CtlSyscalls++
	p.ev = unix.EpollEvent{Events: events, Fd: int32(fd)}
	if err := unix.EpollCtl(p.epfd, op, fd, &p.ev); err != nil {
		return os.NewSyscallError("epoll_ctl", err)
	}
	return nil
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

// Wait calls epoll_wait, retrying EINTR, and translates the ready events.
// Only ready fds come back, so the scan is O(events), not O(watched fds).
func (p *Poller) Wait(events []reactor.Event, timeoutMs int) (int, error) {
	if len(p.raw) < len(events) {
		p.raw = make([]unix.EpollEvent, len(events))
	}
	for {
		n, err := unix.EpollWait(p.epfd, p.raw[:len(events)], timeoutMs)
		p.stats.WaitCalls++
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return 0, os.NewSyscallError("epoll_wait", err)
		}
		for i, e := range p.raw[:n] {
			events[i] = reactor.Event{Fd: e.Fd, Flags: flagsOf(e.Events)}
		}
		p.stats.EventsReturned += uint64(n)
		p.stats.FdsScanned += uint64(n)
		return n, nil
	}
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
func (p *Poller) Close() error {
	if p.epfd < 0 {
		return nil
	}
	err := unix.Close(p.epfd)
	p.epfd = -1
	if err != nil {
		return os.NewSyscallError("close", err)
	}
	return nil
}
