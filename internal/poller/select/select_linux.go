package selectpoll

import (
	"fmt"
	"os"

	"github.com/muxbench/muxbench/internal/poller"
	"github.com/muxbench/muxbench/internal/reactor"
	"github.com/muxbench/muxbench/internal/reactor/rawsys"
	"golang.org/x/sys/unix"
)

// Poller watches fds with select(2). The interest sets live in user memory:
// changing interest costs no syscall. Used by the loop goroutine only.
type Poller struct {
	poller.Scan
	readSet, writeSet unix.FdSet // interest, kept between waits
	rd, wr            unix.FdSet // copies select(2) overwrites
	watched           [unix.FD_SETSIZE]bool
	maxFd             int // highest watched fd, -1 when none
	tv                unix.Timeval
	ts                unix.Timespec // WaitRaw's timeout
}

var _ reactor.Poller = (*Poller)(nil)

// New returns an empty select poller.
func New() *Poller { return &Poller{maxFd: -1} }

// Add watches fd, refusing one select cannot represent (writing past the
// fd_set would corrupt memory).
func (p *Poller) Add(fd int, in reactor.Interest) error {
	if fd < 0 || fd >= unix.FD_SETSIZE {
		return fmt.Errorf("select: fd %d >= FD_SETSIZE %d: %w", fd, unix.FD_SETSIZE, reactor.ErrFdTooHigh)
	}
	p.watched[fd] = true
	p.maxFd = max(p.maxFd, fd)
	p.set(fd, in)
	return nil
}

// Mod changes fd's interest in the sets.
func (p *Poller) Mod(fd int, in reactor.Interest) error {
	if fd < 0 || fd >= unix.FD_SETSIZE || !p.watched[fd] {
		return fmt.Errorf("select: modify unwatched fd %d", fd)
	}
	p.set(fd, in)
	return nil
}

// Del stops watching fd.
func (p *Poller) Del(fd int) error {
	if fd < 0 || fd >= unix.FD_SETSIZE || !p.watched[fd] {
		return fmt.Errorf("select: delete unwatched fd %d", fd)
	}
	p.set(fd, 0)
	p.watched[fd] = false
	for p.maxFd >= 0 && !p.watched[p.maxFd] {
		p.maxFd--
	}
	return nil
}

func (p *Poller) set(fd int, in reactor.Interest) {
	p.Changed()
	p.readSet.Clear(fd)
	p.writeSet.Clear(fd)
	if in&reactor.InterestRead != 0 {
		p.readSet.Set(fd)
	}
	if in&reactor.InterestWrite != 0 {
		p.writeSet.Set(fd)
	}
}

// Wait copies the interest sets, calls select(2) (retrying EINTR) and scans
// fds 0..maxFd for the ready ones: the O(highest fd) cost of select, paid in
// the kernel and again here.
func (p *Poller) Wait(events []reactor.Event, timeoutMs int) (int, error) {
	for {
		p.rd, p.wr = p.readSet, p.writeSet
		var tv *unix.Timeval
		if timeoutMs >= 0 {
			p.tv = unix.NsecToTimeval(int64(timeoutMs) * 1e6)
			tv = &p.tv
		}
		n, err := unix.Select(p.maxFd+1, &p.rd, &p.wr, nil, tv)
		p.Waited()
		if err != unix.EINTR {
			return p.result(events, n, err)
		}
	}
}

// WaitRaw is one select that never enters the Go scheduler (as pselect6,
// the call unix.Select makes, through rawsys.Pselect6); an interrupted one
// (EINTR) returns no events, as a timeout does.
func (p *Poller) WaitRaw(events []reactor.Event, timeoutMs int) (int, error) {
	p.rd, p.wr = p.readSet, p.writeSet
	var ts *unix.Timespec
	if timeoutMs >= 0 {
		p.ts = unix.NsecToTimespec(int64(timeoutMs) * 1e6)
		ts = &p.ts
	}
	n, err := rawsys.Pselect6(p.maxFd+1, &p.rd, &p.wr, ts)
	p.Waited()
	if err == unix.EINTR {
		return 0, nil
	}
	return p.result(events, n, err)
}

func (p *Poller) result(events []reactor.Event, n int, err error) (int, error) {
	if err != nil {
		return 0, os.NewSyscallError("select", err)
	}
	return p.scan(events, n), nil
}

// scan collects up to len(events) ready fds, testing every fd up to maxFd as
// a select loop must (n ready bits may sit anywhere below it). It starts
// where the last scan stopped and wraps around (see poller.Scan), so fds
// left out when events is full, still ready, are the first reported by the
// next wait.
func (p *Poller) scan(events []reactor.Event, n int) int {
	size := p.maxFd + 1
	got, walked, fd := 0, 0, p.Start(size)
	for ; walked < size && n > 0 && got < len(events); walked++ {
		if f := p.flagsAt(fd); f != 0 {
			events[got] = reactor.Event{Fd: int32(fd), Flags: f}
			got++
		}
		if fd++; fd == size {
			fd = 0
		}
	}
	p.Scanned(walked, got, fd)
	return got
}

// flagsAt reads fd's bits from the sets select(2) returned.
func (p *Poller) flagsAt(fd int) reactor.Flags {
	var f reactor.Flags
	if p.rd.IsSet(fd) {
		f |= reactor.Readable
	}
	if p.wr.IsSet(fd) {
		f |= reactor.Writable
	}
	return f
}
