package uring

import (
	"bytes"
	"errors"
	"net"
	"testing"

	"golang.org/x/sys/unix"
)

// pair returns a connected stream socket pair that t closes.
func pair(t *testing.T) (a, b int) {
	t.Helper()
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { unix.Close(fds[0]); unix.Close(fds[1]) })
	return fds[0], fds[1]
}

func bufRing(t *testing.T, r *Ring, count, size int) *BufRing {
	t.Helper()
	b, err := r.RegisterBufRing(1, count, size)
	if err != nil {
		t.Fatalf("RegisterBufRing: %v", err)
	}
	t.Cleanup(func() { b.Close() })
	return b
}

// received copies the data of a recv completion out of its buffer.
func received(t *testing.T, b *BufRing, c CQE) []byte {
	t.Helper()
	bid, ok := c.BufferID()
	if c.Res <= 0 || !ok {
		t.Fatalf("recv cqe %+v, want data in a provided buffer", c)
	}
	return append([]byte(nil), b.Buf(bid)[:c.Res]...)
}

// TestSocketpairSendRecv: a send on one end arrives through a multishot
// recv on the other, which stays armed until the peer's EOF ends it.
func TestSocketpairSendRecv(t *testing.T) {
	r := newRing(t, 8, Params{})
	b := bufRing(t, r, 4, 64)
	a, z := pair(t)
	sqe(t, r).PrepRecvMultishot(z, b.Group(), 1)
	for _, msg := range []string{"hello", "world"} {
		sqe(t, r).PrepSend(a, []byte(msg), unix.MSG_NOSIGNAL, 2)
		var got []byte
		for range 2 { // the send's completion and the recv's, in either order
			c := next(t, r)
			switch c.UserData {
			case 2:
				if c.Res != int32(len(msg)) {
					t.Fatalf("send res %d, want %d", c.Res, len(msg))
				}
			case 1:
				got = received(t, b, c)
				if !c.More() {
					t.Fatal("multishot recv ended after data")
				}
				bid, _ := c.BufferID()
				b.Recycle(bid)
				b.Publish()
			}
		}
		if string(got) != msg {
			t.Fatalf("received %q, want %q", got, msg)
		}
	}
	unix.Shutdown(a, unix.SHUT_WR)
	if c := next(t, r); c.UserData != 1 || c.Res != 0 || c.More() {
		t.Fatalf("cqe after the peer's EOF %+v, want res 0 without F_MORE", c)
	}
}

// TestProvidedBufferRecycle: with two buffers and none recycled, the third
// completion finds the ring empty and ends the multishot recv with ENOBUFS;
// recycled buffers serve a new recv, and every byte arrives in order.
func TestProvidedBufferRecycle(t *testing.T) {
	r := newRing(t, 8, Params{})
	b := bufRing(t, r, 2, 4)
	a, z := pair(t)
	msg := []byte("abcdefghijkl") // three buffers' worth
	if n, err := unix.Write(a, msg); n != len(msg) || err != nil {
		t.Fatalf("write %d, %v", n, err)
	}
	var got []byte
	var used []uint16
	sqe(t, r).PrepRecvMultishot(z, b.Group(), 1)
	for {
		c := next(t, r)
		if c.Res == -int32(unix.ENOBUFS) {
			break
		}
		got = append(got, received(t, b, c)...)
		bid, _ := c.BufferID()
		used = append(used, bid)
	}
	if len(used) != 2 || used[0] == used[1] {
		t.Fatalf("buffers used before ENOBUFS %v, want both, once each", used)
	}
	for _, bid := range used {
		b.Recycle(bid)
	}
	b.Publish()
	sqe(t, r).PrepRecvMultishot(z, b.Group(), 1)
	c := next(t, r)
	got = append(got, received(t, b, c)...)
	if !bytes.Equal(got, msg) || b.Recycled() != 2 {
		t.Fatalf("received %q, recycled %d; want %q and 2", got, b.Recycled(), msg)
	}
}

// TestRecvMultishotLimit: a multishot recv limited to 5 bytes, with 4-byte
// buffers and 10 bytes waiting, delivers two buffers (8 bytes: the limit
// passed by less than a buffer) and ends without F_MORE, leaving the rest
// in the socket; a single recv with buffer select takes one buffer and
// ends. Where the kernel lacks the limit, RecvLimitSupported says so.
func TestRecvMultishotLimit(t *testing.T) {
	ok, err := RecvLimitSupported()
	if err != nil {
		t.Fatal(err)
	}
	if !ok {
		t.Skip("this kernel has no multishot recv length limit (Linux 6.17)")
	}
	r := newRing(t, 8, Params{})
	b := bufRing(t, r, 8, 4)
	a, z := pair(t)
	msg := []byte("0123456789")
	if n, err := unix.Write(a, msg); n != len(msg) || err != nil {
		t.Fatalf("write %d, %v", n, err)
	}
	sqe(t, r).PrepRecvMultishotLimit(z, b.Group(), 5, 1)
	var got []byte
	for more := true; more; {
		c := next(t, r)
		got = append(got, received(t, b, c)...)
		more = c.More()
	}
	if string(got) != "01234567" {
		t.Fatalf("limited recv delivered %q, want %q and its end", got, "01234567")
	}
	sqe(t, r).PrepRecvSelect(z, b.Group(), 2)
	c := next(t, r)
	if rest := received(t, b, c); string(rest) != "89" || c.More() {
		t.Fatalf("single recv %+v delivered %q, want %q without F_MORE", c, rest, "89")
	}
}

// TestTaskWorkPending: on a DEFER_TASKRUN ring, 30 recvs made ready at
// once are 30 items of deferred work; an enter that leaves some (Linux
// 6.13 runs at most 20) says so with TaskWorkPending, and enters that do
// not wait run the rest, after which nothing is pending.
func TestTaskWorkPending(t *testing.T) {
	const socks = 30
	r := newRing(t, 64, Params{Flags: IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN | IORING_SETUP_TASKRUN_FLAG})
	b := bufRing(t, r, 32, 16)
	peers := make([]int, socks)
	for i := range peers {
		a, z := pair(t)
		peers[i] = a
		sqe(t, r).PrepRecvMultishot(z, b.Group(), uint64(i))
	}
	if err := r.Submit(0); err != nil { // armed: nothing to read yet
		t.Fatal(err)
	}
	for _, a := range peers {
		if _, err := unix.Write(a, []byte{1}); err != nil {
			t.Fatal(err)
		}
	}
	got := 0
	for enters := 0; got < socks; enters++ {
		if enters == socks {
			t.Fatalf("%d of %d completions after %d enters", got, socks, enters)
		}
		if err := r.Submit(0); err != nil {
			t.Fatal(err)
		}
		n := int(r.CQReady())
		if got+n < socks && !r.TaskWorkPending() {
			t.Fatalf("enter %d left %d of %d recvs undone without IORING_SQ_TASKRUN", enters, socks-got-n, socks)
		}
		for range n {
			next(t, r)
		}
		got += n
	}
	if r.TaskWorkPending() {
		t.Error("IORING_SQ_TASKRUN still set with every recv completed")
	}
}

// TestRingFull: GetSQE refuses past the SQ size, Flush makes room; a CQ
// ring too small for the completions overflows without losing any
// (IORING_FEAT_NODROP), and the next wait delivers the rest.
func TestRingFull(t *testing.T) {
	r := newRing(t, 4, Params{Flags: IORING_SETUP_CQSIZE, CqEntries: 4})
	const total = 12
	for i := range total {
		s := r.GetSQE()
		if s == nil {
			if i%4 != 0 {
				t.Fatalf("queue full after %d SQEs, want every 4", i)
			}
			if err := r.Flush(); err != nil {
				t.Fatal(err)
			}
			s = sqe(t, r)
		}
		s.PrepNop(uint64(i))
	}
	if err := r.Flush(); err != nil {
		t.Fatal(err)
	}
	if !r.Overflowing() {
		t.Error("12 completions in a 4-entry CQ ring, but no overflow reported")
	}
	for i := range total {
		if c := next(t, r); c.UserData != uint64(i) {
			t.Fatalf("completion %d has user data %d: order lost in the overflow", i, c.UserData)
		}
	}
	if r.Overflowing() {
		t.Error("overflow still reported after every completion was reaped")
	}
}

// TestCancelMultishotRecv: cancelling an armed recv ends it with ECANCELED
// and no F_MORE; cancelling it again finds nothing.
func TestCancelMultishotRecv(t *testing.T) {
	r := newRing(t, 8, Params{})
	b := bufRing(t, r, 2, 16)
	_, z := pair(t)
	sqe(t, r).PrepRecvMultishot(z, b.Group(), 1)
	if err := r.Submit(0); err != nil {
		t.Fatal(err)
	}
	sqe(t, r).PrepCancel(1, 0, 2)
	results := map[uint64]CQE{}
	for range 2 {
		c := next(t, r)
		results[c.UserData] = c
	}
	if c := results[1]; !errors.Is(c.Err(), unix.ECANCELED) || c.More() {
		t.Errorf("recv cqe %+v, want ECANCELED without F_MORE", c)
	}
	if c := results[2]; c.Res != 0 {
		t.Errorf("cancel cqe %+v, want res 0", c)
	}
	sqe(t, r).PrepCancel(1, 0, 3)
	if c := next(t, r); !errors.Is(c.Err(), unix.ENOENT) {
		t.Errorf("second cancel %+v, want ENOENT", c)
	}
}

// TestMultishotAccept: one accept SQE on a non-blocking listener yields a
// CQE per connection, each a new fd, staying armed.
func TestMultishotAccept(t *testing.T) {
	r := newRing(t, 4, Params{})
	lfd, addr := listen(t)
	sqe(t, r).PrepAcceptMultishot(lfd, unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, 9)
	for i := range 3 {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		cqe := next(t, r)
		if cqe.UserData != 9 || cqe.Res < 0 || !cqe.More() {
			t.Fatalf("accept %d: cqe %+v, want an fd with F_MORE", i, cqe)
		}
		unix.Close(int(cqe.Res))
	}
}

func listen(t *testing.T) (int, string) {
	t.Helper()
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { unix.Close(fd) })
	if err := unix.Bind(fd, &unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}); err != nil {
		t.Fatal(err)
	}
	if err := unix.Listen(fd, 16); err != nil {
		t.Fatal(err)
	}
	sa, err := unix.Getsockname(fd)
	if err != nil {
		t.Fatal(err)
	}
	return fd, (&net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: sa.(*unix.SockaddrInet4).Port}).String()
}
