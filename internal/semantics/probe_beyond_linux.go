package semantics

import (
	"errors"
	"os"
	"time"

	"github.com/muxbench/muxbench/internal/poller/epoll"
	"golang.org/x/sys/unix"
)

// OneshotCounts is probe 7a: EPOLLIN|EPOLLONESHOT in mode, nothing read.
type OneshotCounts struct {
	Mode string `json:"mode"`
	// First counts wakeups for the first message; Disarmed those while a
	// second message arrives and both stay unread; Rearmed those after
	// EPOLL_CTL_MOD re-enables the fd (each window ends after quietWindow).
	First    int `json:"first_wakeups"`
	Disarmed int `json:"disarmed_wakeups"`
	Rearmed  int `json:"rearmed_wakeups"`
}

// Oneshot shows that EPOLLONESHOT reports once and then stays silent, even
// in LT with unread data, until the fd is re-armed with MOD.
func Oneshot(mode epoll.Mode) (oc OneshotCounts, err error) {
	oc.Mode = mode.String()
	events := uint32(unix.EPOLLIN | unix.EPOLLONESHOT | mode.Flag())
	c, p, err := watched(events)
	if err != nil {
		return oc, err
	}
	defer func() { err = errors.Join(err, p.close(), c.close()) }()
	if err = c.send("a"); err != nil {
		return oc, err
	}
	if oc.First, err = countWakeups(p, expectWithin); err != nil {
		return oc, err
	}
	if err = c.send("b"); err != nil {
		return oc, err
	}
	if oc.Disarmed, err = countWakeups(p, quietWindow); err != nil {
		return oc, err
	}
	if err = p.mod(c.server, events); err != nil {
		return oc, err
	}
	oc.Rearmed, err = countWakeups(p, expectWithin)
	return oc, err
}

// countWakeups counts wakeups, reading nothing, until quietWindow passes
// without one. The first wait lasts first: expectWithin when an event is
// due (it allows for delivery), quietWindow when none should come.
func countWakeups(p *poller, first time.Duration) (int, error) {
	n := 0
	timeout := first
	for range maxReads {
		_, ok, err := p.waitOne(timeout)
		if err != nil || !ok {
			return n, err
		}
		n++
		timeout = quietWindow
	}
	return n, errors.New("oneshot probe: wakeups did not stop")
}

// RdhupCounts is probe 7b: the client shuts down its write side.
type RdhupCounts struct {
	Mode  string `json:"mode"`
	RDHUP bool   `json:"rdhup"`
	HUP   bool   `json:"hup"`
	// ReadReturned is the first read's result after RDHUP: 0 is EOF.
	ReadReturned int `json:"read_returned"`
	// ReplyDelivered is how many of the bytes the server wrote after the
	// half-close reached the client: a half-closed peer still receives.
	ReplyDelivered int `json:"reply_delivered"`
}

const halfCloseReply = "bye"

// HalfClose registers EPOLLIN|EPOLLRDHUP in mode, has the client call
// shutdown(SHUT_WR), and checks what the server sees and can still send.
func HalfClose(mode epoll.Mode) (hc RdhupCounts, err error) {
	hc.Mode = mode.String()
	c, p, err := watched(unix.EPOLLIN | unix.EPOLLRDHUP | mode.Flag())
	if err != nil {
		return hc, err
	}
	defer func() { err = errors.Join(err, p.close(), c.close()) }()
	if err = os.NewSyscallError("shutdown", unix.Shutdown(c.client, unix.SHUT_WR)); err != nil {
		return hc, err
	}
	ev, ok, err := p.waitOne(expectWithin)
	if err != nil || !ok {
		return hc, errors.Join(err, errors.New("half-close probe: no event"))
	}
	hc.RDHUP, hc.HUP = ev.Events&unix.EPOLLRDHUP != 0, ev.Events&unix.EPOLLHUP != 0
	var buf [16]byte
	if hc.ReadReturned, err = read(c.server, buf[:]); err != nil {
		return hc, os.NewSyscallError("read", err)
	}
	write := func() (int, error) { return unix.Write(c.server, []byte(halfCloseReply)) }
	if _, err = retryEINTR(write); err != nil {
		return hc, os.NewSyscallError("write", err)
	}
	// The client is blocking with a receive timeout, so this cannot hang.
	hc.ReplyDelivered, err = read(c.client, buf[:])
	return hc, os.NewSyscallError("read", err)
}
