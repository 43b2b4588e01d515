package semantics

import (
	"errors"
	"os"

	"github.com/muxbench/muxbench/internal/poller/epoll"
	"golang.org/x/sys/unix"
)

// The text's messages, typed into nc: the first, and the later one that
// wakes the ET server again.
const (
	firstMessage = "abcdef\n"
	laterMessage = "123"
)

// ReadCounts is what a server reading one byte per wakeup saw.
type ReadCounts struct {
	Wakeups   int    `json:"wakeups"`
	BytesRead int    `json:"bytes_read"`
	Read      string `json:"read"`           // the bytes, in order
	Left      int    `json:"left_in_kernel"` // SIOCINQ after the last wakeup
}

// OneByteRun is probes 1 and 2 for one mode on one connection: First after
// the 7-byte message, Later after "123" arrived on top of what was left.
type OneByteRun struct {
	Mode  string     `json:"mode"`
	First ReadCounts `json:"first"`
	Later ReadCounts `json:"later"`
}

// OneByteReads registers the server end for EPOLLIN in mode, sends
// "abcdef\n", reads one byte per wakeup until the wakeups stop, then sends
// "123" and does the same again.
func OneByteReads(mode epoll.Mode) (run OneByteRun, err error) {
	run.Mode = mode.String()
	c, p, err := watched(unix.EPOLLIN | mode.Flag())
	if err != nil {
		return run, err
	}
	defer func() { err = errors.Join(err, p.close(), c.close()) }()
	for _, step := range []struct {
		msg string
		out *ReadCounts
	}{{firstMessage, &run.First}, {laterMessage, &run.Later}} {
		if err = c.send(step.msg); err != nil {
			return run, err
		}
		if *step.out, err = readByteEachWakeup(p, c.server); err != nil {
			return run, err
		}
	}
	return run, nil
}

// watched dials a connection, makes its server end non-blocking, and
// registers it with a new poller for events.
func watched(events uint32) (conn, *poller, error) {
	c, err := dial()
	if err != nil {
		return c, nil, err
	}
	p, err := newPoller()
	if err == nil {
		err = setNonblock(c.server)
	}
	if err == nil {
		err = p.add(c.server, events)
	}
	if err != nil {
		if p != nil {
			p.close()
		}
		c.close()
		return conn{server: -1, client: -1}, nil, err
	}
	return c, p, nil
}

// readByteEachWakeup is the text's server loop: one recv of one byte per
// readable wakeup. The first wait allows for delivery; after that the
// wakeups are over once quietWindow passes without one.
func readByteEachWakeup(p *poller, fd int) (ReadCounts, error) {
	var rc ReadCounts
	var got []byte
	timeout := expectWithin
	for range maxReads {
		ev, ok, err := p.waitOne(timeout)
		if err != nil || !ok {
			if err != nil {
				return rc, err
			}
			rc.Read = string(got)
			rc.Left, err = pending(fd)
			return rc, err
		}
		timeout = quietWindow
		rc.Wakeups++
		if ev.Events&unix.EPOLLIN == 0 {
			continue
		}
		var b [1]byte
		n, err := read(fd, b[:])
		if err != nil && !errors.Is(err, unix.EAGAIN) {
			return rc, os.NewSyscallError("read", err)
		}
		rc.BytesRead += max(n, 0)
		got = append(got, b[:max(n, 0)]...)
	}
	return rc, errors.New("one-byte reads: wakeups did not stop")
}
