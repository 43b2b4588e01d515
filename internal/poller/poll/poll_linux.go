package poll

import (
	"fmt"
	"os"

	"github.com/muxbench/muxbench/internal/poller"
	"github.com/muxbench/muxbench/internal/reactor"
	"github.com/muxbench/muxbench/internal/reactor/rawsys"
	"golang.org/x/sys/unix"
)

// Poller watches fds with poll(2). The pollfd array is kept between waits;
// interest changes edit it in place and removal swaps the last entry into
// the hole, so no syscall and no allocation in steady state. Used by the
// loop goroutine only.
type Poller struct {
	poller.Scan
	fds   []unix.PollFd
	index []int32 // fd -> position in fds, -1 when not watched
	ts    unix.Timespec
}

var _ reactor.Poller = (*Poller)(nil)

// New returns an empty poll poller.
func New() *Poller { return &Poller{} }

// Add appends fd to the array.
func (p *Poller) Add(fd int, in reactor.Interest) error {
	if fd < 0 {
		return fmt.Errorf("poll: bad fd %d", fd)
	}
	if p.slot(fd) >= 0 {
		return fmt.Errorf("poll: fd %d already watched", fd)
	}
	for fd >= len(p.index) {
		p.index = append(p.index, -1)
	}
	p.index[fd] = int32(len(p.fds))
	p.fds = append(p.fds, unix.PollFd{Fd: int32(fd), Events: pollEvents(in)})
	p.Changed()
	return nil
}

// Mod rewrites fd's entry in place.
func (p *Poller) Mod(fd int, in reactor.Interest) error {
	i := p.slot(fd)
	if i < 0 {
		return fmt.Errorf("poll: modify unwatched fd %d", fd)
	}
	p.fds[i].Events = pollEvents(in)
	p.Changed()
	return nil
}

// Del moves the last entry into fd's slot.
func (p *Poller) Del(fd int) error {
	i := p.slot(fd)
	if i < 0 {
		return fmt.Errorf("poll: delete unwatched fd %d", fd)
	}
	last := len(p.fds) - 1
	p.fds[i] = p.fds[last]
	p.index[p.fds[i].Fd] = int32(i)
	p.fds = p.fds[:last]
	p.index[fd] = -1
	p.Changed()
	return nil
}

func (p *Poller) slot(fd int) int {
	if fd < 0 || fd >= len(p.index) {
		return -1
	}
	return int(p.index[fd])
}

// pollEvents maps interest to poll bits. POLLRDHUP goes with read interest
// only, as with epoll: a connection no longer read must not keep reporting
// its peer's shutdown.
func pollEvents(in reactor.Interest) int16 {
	var e int16
	if in&reactor.InterestRead != 0 {
		e |= unix.POLLIN | unix.POLLRDHUP
	}
	if in&reactor.InterestWrite != 0 {
		e |= unix.POLLOUT
	}
	return e
}

// Wait calls poll(2) (as ppoll, with a timespec kept in the poller so no
// timeout is allocated), retrying EINTR, then scans the array.
func (p *Poller) Wait(events []reactor.Event, timeoutMs int) (int, error) {
	for {
		n, err := unix.Ppoll(p.fds, p.timeout(timeoutMs), nil)
		p.Waited()
		if err != unix.EINTR {
			return p.result(events, n, err)
		}
	}
}

// WaitRaw is one ppoll that never enters the Go scheduler (rawsys.Ppoll);
// an interrupted one (EINTR) returns no events, as a timeout does.
func (p *Poller) WaitRaw(events []reactor.Event, timeoutMs int) (int, error) {
	n, err := rawsys.Ppoll(p.fds, p.timeout(timeoutMs))
	p.Waited()
	if err == unix.EINTR {
		return 0, nil
	}
	return p.result(events, n, err)
}

// timeout is ppoll's timeout: the poller's own timespec, nil for forever.
func (p *Poller) timeout(ms int) *unix.Timespec {
	if ms < 0 {
		return nil
	}
	p.ts = unix.NsecToTimespec(int64(ms) * 1e6)
	return &p.ts
}

func (p *Poller) result(events []reactor.Event, n int, err error) (int, error) {
	if err != nil {
		return 0, os.NewSyscallError("poll", err)
	}
	return p.scan(events, n), nil
}

// scan walks the whole array for non-zero revents: the O(watched fds) cost
// of poll, paid in the kernel and again here. It starts where the last scan
// stopped and wraps around (see poller.Scan), so entries left out when
// events is full, still ready, are the first reported by the next wait.
func (p *Poller) scan(events []reactor.Event, n int) int {
	size := len(p.fds)
	got, walked, i := 0, 0, p.Start(size)
	for ; walked < size && n > 0 && got < len(events); walked++ {
		if re := p.fds[i].Revents; re != 0 {
			events[got] = reactor.Event{Fd: p.fds[i].Fd, Flags: flagsOf(re)}
			got++
		}
		if i++; i == size {
			i = 0
		}
	}
	p.Scanned(walked, got, i)
	return got
}

// flagsOf translates each poll bit on its own.
func flagsOf(re int16) reactor.Flags {
	var f reactor.Flags
	if re&unix.POLLIN != 0 {
		f |= reactor.Readable
	}
	if re&unix.POLLOUT != 0 {
		f |= reactor.Writable
	}
	if re&(unix.POLLERR|unix.POLLNVAL) != 0 {
		f |= reactor.Error
	}
	if re&unix.POLLHUP != 0 {
		f |= reactor.Hangup
	}
	if re&unix.POLLRDHUP != 0 {
		f |= reactor.ReadHangup
	}
	return f
}
