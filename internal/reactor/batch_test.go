package reactor

import (
	"testing"

	"github.com/muxbench/muxbench/internal/handler"
	"github.com/muxbench/muxbench/internal/server"
	"golang.org/x/sys/unix"
)

// scriptedPoller is a level-triggered Poller whose waits are never called: the
// test hands batches to the loop directly. It records removals and the last
// interest each fd was given by Mod.
type scriptedPoller struct {
	edge    bool
	deleted []int
	modded  map[int]Interest
}

func (p *scriptedPoller) Add(int, Interest) error { return nil }
func (p *scriptedPoller) Del(fd int) error        { p.deleted = append(p.deleted, fd); return nil }

func (p *scriptedPoller) Mod(fd int, in Interest) error {
	if p.modded == nil {
		p.modded = map[int]Interest{}
	}
	p.modded[fd] = in
	return nil
}

func (p *scriptedPoller) Wait([]Event, int) (int, error)    { return 0, nil }
func (p *scriptedPoller) WaitRaw([]Event, int) (int, error) { return 0, nil }
func (p *scriptedPoller) EdgeTriggered() bool               { return p.edge }
func (p *scriptedPoller) Stats() PollerStats                { return PollerStats{} }
func (p *scriptedPoller) Close() error                      { return nil }

// pairLoop returns a loop over p and a connected non-blocking socket pair:
// the loop's end is not adopted yet; the peer closes with t.
func pairLoop(t *testing.T, p Poller, readBuffer int) (*loop, int, int) {
	t.Helper()
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { unix.Close(fds[1]) })
	cfg := server.Config{Addrs: []string{"unused"}, Handler: handler.Echo{}, ReadBuffer: readBuffer}.WithDefaults()
	return newLoop(cfg, p, &control{}), fds[0], fds[1]
}

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
	l.spareFd = openSpare() // as a served loop holds one: none to take back after the close
	t.Cleanup(func() { unix.Close(l.spareFd) })
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

// TestEdgeTriggeredDrainIsCapped: one wakeup reads at most readsPerWakeup
// times; the connection then waits on the ready list, which is served after
// the next turn's events, until a short read proves the socket empty.
func TestEdgeTriggeredDrainIsCapped(t *testing.T) {
	const readSize, chunks = 16, readsPerWakeup*2 + 1
	l, conn, peer := pairLoop(t, &scriptedPoller{edge: true}, readSize)
	if n, err := unix.Write(peer, make([]byte, readSize*chunks-1)); err != nil || n != readSize*chunks-1 {
		t.Fatalf("write = %d, %v", n, err)
	}
	l.adopt(conn)
	t.Cleanup(func() { l.closeAll() })

	l.batch([]Event{{Fd: int32(conn), Flags: Readable | Writable}})
	if l.c.Reads != readsPerWakeup || len(l.ready) != 1 {
		t.Fatalf("after the wakeup: reads=%d ready=%d, want %d and 1", l.c.Reads, len(l.ready), readsPerWakeup)
	}
	l.runReady(l.takeReady())
	l.runReady(l.takeReady())
	if l.c.Reads != chunks || len(l.ready) != 0 || l.c.ReadEAGAIN != 0 {
		t.Fatalf("after draining: reads=%d ready=%d eagain=%d, want %d, 0, 0 (the short read ends it)",
			l.c.Reads, len(l.ready), l.c.ReadEAGAIN, chunks)
	}
}
