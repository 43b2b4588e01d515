package reactor

import (
	"testing"

	"github.com/muxbench/muxbench/internal/handler"
	"github.com/muxbench/muxbench/internal/server"
	"golang.org/x/sys/unix"
)

// scriptedPoller is a level-triggered Poller whose Wait is never called: the
// test hands batches to the loop directly. It records removals.
type scriptedPoller struct {
	deleted []int
}

func (p *scriptedPoller) Add(int, Interest) error        { return nil }
func (p *scriptedPoller) Mod(int, Interest) error        { return nil }
func (p *scriptedPoller) Del(fd int) error               { p.deleted = append(p.deleted, fd); return nil }
func (p *scriptedPoller) Wait([]Event, int) (int, error) { return 0, nil }
func (p *scriptedPoller) EdgeTriggered() bool            { return false }
func (p *scriptedPoller) Stats() PollerStats             { return PollerStats{} }
func (p *scriptedPoller) Close() error                   { return nil }

func fdOpen(fd int) bool {
	_, err := unix.FcntlInt(uintptr(fd), unix.F_GETFD, 0)
	return err == nil
}

// TestFdClosedEarlierInBatchIsNotTouched: the first event finds EOF and ends
// the connection; later events of the same batch for that fd must neither
// read it nor remove it twice, and its close(2) waits for the batch end so no
// accept in the batch can be handed the same fd number.
func TestFdClosedEarlierInBatchIsNotTouched(t *testing.T) {
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	conn := fds[0]
	unix.Close(fds[1]) // the peer is gone: conn reads EOF

	p := &scriptedPoller{}
	cfg := server.Config{Addrs: []string{"unused"}, Handler: handler.Echo{}}.WithDefaults()
	l := newLoop(cfg, p, &control{})
	l.adopt(conn)

	fd := int32(conn)
	l.batch([]Event{
		{Fd: fd, Flags: Readable | ReadHangup},
		{Fd: fd, Flags: Readable | Writable | Error | Hangup},
		{Fd: fd, Flags: Readable},
	})
	if l.c.Reads != 1 || len(p.deleted) != 1 || l.c.Closes != 1 {
		t.Fatalf("reads=%d deletes=%v closes=%d, want 1 read, one Del, one close", l.c.Reads, p.deleted, l.c.Closes)
	}
	if !fdOpen(conn) {
		t.Fatal("fd closed before the end of the batch")
	}
	l.closeDying()
	if fdOpen(conn) {
		unix.Close(conn)
		t.Fatal("fd still open after the batch")
	}
}
