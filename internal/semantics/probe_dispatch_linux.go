package semantics

import (
	"errors"
	"os"
	"slices"

	"github.com/muxbench/muxbench/internal/poller/epoll"
	"golang.org/x/sys/unix"
)

// eventFlags are the readiness flags a server must act on, in the order
// the text's chain tests the first three.
var eventFlags = []struct {
	bit  uint32
	name string
}{
	{unix.EPOLLIN, "IN"},
	{unix.EPOLLOUT, "OUT"},
	{unix.EPOLLERR, "ERR"},
	{unix.EPOLLHUP, "HUP"},
	{unix.EPOLLRDHUP, "RDHUP"},
}

// textChain is the text's dispatch: if IN, else if OUT, else if ERR. It
// returns the flags it acts on: never more than one, and never HUP/RDHUP.
func textChain(ev uint32) []string {
	if ev&unix.EPOLLIN != 0 {
		return []string{"IN"}
	} else if ev&unix.EPOLLOUT != 0 {
		return []string{"OUT"}
	} else if ev&unix.EPOLLERR != 0 {
		return []string{"ERR"}
	}
	return nil
}

// everyFlag is the dispatch the project uses: each flag tested on its own.
func everyFlag(ev uint32) []string {
	var handled []string
	for _, f := range eventFlags {
		if ev&f.bit != 0 {
			handled = append(handled, f.name)
		}
	}
	return handled
}

// DispatchCounts is probe 6 for one mode: the flags the events carried and
// what each dispatcher acted on, over one scripted run.
type DispatchCounts struct {
	Mode          string         `json:"mode"`
	Events        int            `json:"events"`
	FlagsPresent  int            `json:"flags_present"`
	ChainHandled  int            `json:"chain_handled"`
	ChainSkipped  map[string]int `json:"chain_skipped_by_flag"`
	SkippedEvents int            `json:"events_with_a_skipped_flag"`
	FullHandled   int            `json:"every_flag_handled"`
}

// Skipped is the number of flags the chain left unhandled.
func (d DispatchCounts) Skipped() int { return d.FlagsPresent - d.ChainHandled }

// Dispatch registers IN|OUT|RDHUP in mode and takes one event per step: the
// connection becoming writable, messages messages, then the client
// resetting the connection. Every event goes through both dispatchers.
func Dispatch(mode epoll.Mode, messages int) (d DispatchCounts, err error) {
	d.Mode, d.ChainSkipped = mode.String(), map[string]int{}
	c, p, err := watched(unix.EPOLLIN | unix.EPOLLOUT | unix.EPOLLRDHUP | mode.Flag())
	if err != nil {
		return d, err
	}
	defer func() { err = errors.Join(err, p.close(), c.close()) }()
	steps := make([]func() error, 0, messages+2)
	steps = append(steps, func() error { return nil })
	for range messages {
		steps = append(steps, func() error { return c.send("msg\n") })
	}
	steps = append(steps, func() error { return reset(&c.client) })
	for _, step := range steps {
		if err = step(); err != nil {
			return d, err
		}
		if err = d.takeOne(p, c.server); err != nil {
			return d, err
		}
	}
	return d, nil
}

// takeOne waits for the step's event, dispatches it both ways, and drains
// the socket so the next step starts from an empty buffer.
func (d *DispatchCounts) takeOne(p *poller, fd int) error {
	ev, ok, err := p.waitOne(expectWithin)
	if err != nil || !ok {
		return errors.Join(err, errors.New("dispatch probe: expected event did not come"))
	}
	d.Events++
	present, chain := everyFlag(ev.Events), textChain(ev.Events)
	d.FlagsPresent += len(present)
	d.FullHandled += len(present)
	d.ChainHandled += len(chain)
	if len(present) > len(chain) {
		d.SkippedEvents++
	}
	for _, f := range present {
		if !slices.Contains(chain, f) {
			d.ChainSkipped[f]++
		}
	}
	if ev.Events&unix.EPOLLIN != 0 {
		if _, err := drain(fd); err != nil && !errors.Is(err, unix.ECONNRESET) {
			return err
		}
	}
	return nil
}

// reset closes *fd with SO_LINGER 0, which sends RST instead of FIN.
func reset(fd *int) error {
	l := unix.Linger{Onoff: 1, Linger: 0}
	if err := unix.SetsockoptLinger(*fd, unix.SOL_SOCKET, unix.SO_LINGER, &l); err != nil {
		return os.NewSyscallError("setsockopt", err)
	}
	err := unix.Close(*fd)
	*fd = -1
	return os.NewSyscallError("close", err)
}
