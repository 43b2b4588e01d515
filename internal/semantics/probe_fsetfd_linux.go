package semantics

import (
	"errors"
	"os"
	"sync/atomic"
	"time"

	"github.com/muxbench/muxbench/internal/poller/epoll"
	"golang.org/x/sys/unix"
)

// BlockWatchdog is how long a read may block before the watchdog shuts the
// socket's read side, which is what makes the blocked read return.
const BlockWatchdog = 200 * time.Millisecond

// FcntlCounts is probe 5 for one way of setting O_NONBLOCK.
type FcntlCounts struct {
	Call        string `json:"call"` // "F_SETFD" (the text) or "F_SETFL"
	Mode        string `json:"mode"`
	Nonblocking bool   `json:"nonblocking_per_f_getfl"`
	// CloexecAfter is FD_CLOEXEC after the call: F_SETFD replaces the
	// descriptor flags, so the text's call also clears close-on-exec.
	CloexecAfter bool `json:"cloexec_after"`
	Wakeups      int  `json:"wakeups"`
	Reads        int  `json:"reads"`
	BytesRead    int  `json:"bytes_read"`
	// Blocked is set when a read returned only because the watchdog shut
	// the socket down: the event loop would have hung there.
	Blocked     bool          `json:"blocked"`
	LongestRead time.Duration `json:"longest_read_ns"`
}

// FcntlNonblock sets O_NONBLOCK the text's way (useSetfd) or the right way,
// then serves "abcdef\n" in mode: ET drains until EAGAIN, LT reads once per
// wakeup. Each read runs under the watchdog, so a blocking read is detected
// within BlockWatchdog and the probe never hangs.
func FcntlNonblock(useSetfd bool, mode epoll.Mode) (fc FcntlCounts, err error) {
	fc.Call, fc.Mode = "F_SETFL", mode.String()
	if useSetfd {
		fc.Call = "F_SETFD"
	}
	c, err := dial()
	if err != nil {
		return fc, err
	}
	p, err := newPoller()
	if err != nil {
		return fc, errors.Join(err, c.close())
	}
	defer func() { err = errors.Join(err, p.close(), c.close()) }()
	if err = fc.setFlags(c.server, useSetfd); err != nil {
		return fc, err
	}
	if err = p.add(c.server, unix.EPOLLIN|mode.Flag()); err != nil {
		return fc, err
	}
	if err = c.send(firstMessage); err != nil {
		return fc, err
	}
	return fc, fc.serve(p, c.server, mode)
}

func (fc *FcntlCounts) setFlags(fd int, useSetfd bool) error {
	var err error
	if useSetfd {
		// The text's mistake, on purpose: F_SETFD sets descriptor flags.
		_, err = unix.FcntlInt(uintptr(fd), unix.F_SETFD, unix.O_NONBLOCK)
		err = os.NewSyscallError("fcntl", err)
	} else {
		err = setNonblock(fd)
	}
	if err != nil {
		return err
	}
	if fc.Nonblocking, err = isNonblocking(fd); err != nil {
		return err
	}
	fdFlags, err := unix.FcntlInt(uintptr(fd), unix.F_GETFD, 0)
	fc.CloexecAfter = fdFlags&unix.FD_CLOEXEC != 0
	return os.NewSyscallError("fcntl", err)
}

// serve runs the server loop until the wakeups stop or a read blocked.
func (fc *FcntlCounts) serve(p *poller, fd int, mode epoll.Mode) error {
	timeout := expectWithin
	for range maxReads {
		_, ok, err := p.waitOne(timeout)
		if err != nil || !ok || fc.Blocked {
			return err
		}
		timeout = quietWindow
		fc.Wakeups++
		if err := fc.readOnWakeup(fd, mode); err != nil {
			return err
		}
	}
	return errors.New("fcntl probe: wakeups did not stop")
}

// readOnWakeup reads once (LT) or until EAGAIN/EOF (ET, the drain rule).
func (fc *FcntlCounts) readOnWakeup(fd int, mode epoll.Mode) error {
	var buf [512]byte
	for range maxReads {
		n, took, err := guardedRead(fd, buf[:], &fc.Blocked)
		fc.Reads++
		fc.LongestRead = max(fc.LongestRead, took)
		if err != nil && !errors.Is(err, unix.EAGAIN) {
			return os.NewSyscallError("read", err)
		}
		fc.BytesRead += max(n, 0)
		if mode == epoll.Level || err != nil || n == 0 {
			return nil
		}
	}
	return errors.New("fcntl probe: drain did not end")
}

// guardedRead reads once; if the read is still in progress after
// BlockWatchdog, the watchdog sets *blocked and shuts the read side down,
// which makes a blocked read return 0. The timer is stopped, or waited for,
// before returning, so it can never touch fd after the probe closed it.
func guardedRead(fd int, buf []byte, blocked *bool) (int, time.Duration, error) {
	var fired atomic.Bool
	done := make(chan struct{})
	watchdog := time.AfterFunc(BlockWatchdog, func() {
		defer close(done)
		fired.Store(true)
		unix.Shutdown(fd, unix.SHUT_RD)
	})
	start := time.Now()
	n, err := read(fd, buf)
	took := time.Since(start)
	if !watchdog.Stop() {
		<-done
	}
	*blocked = *blocked || fired.Load()
	return n, took, err
}
