package uring

import (
	"errors"
	"os"
	"runtime"
	"testing"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// newRing sets up a ring that t closes. Rings asking for
// IORING_SETUP_SINGLE_ISSUER lock the test goroutine to its thread first.
func newRing(t *testing.T, entries uint32, p Params) *Ring {
	t.Helper()
	if p.Flags&IORING_SETUP_SINGLE_ISSUER != 0 {
		runtime.LockOSThread()
		t.Cleanup(runtime.UnlockOSThread)
	}
	r, err := Setup(entries, &p)
	if errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.EPERM) {
		t.Skipf("io_uring unavailable here: %v", err)
	}
	if err != nil {
		t.Fatalf("Setup: %v", err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

// next waits (bounded) for the next completion.
func next(t *testing.T, r *Ring) CQE {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		if c, ok := r.NextCQE(); ok {
			return c
		}
		if time.Now().After(deadline) {
			t.Fatal("no completion within 5s")
		}
		if err := r.SubmitTimeout(1, 100*time.Millisecond); err != nil {
			t.Fatalf("SubmitTimeout: %v", err)
		}
	}
}

func sqe(t *testing.T, r *Ring) *SQE {
	t.Helper()
	s := r.GetSQE()
	if s == nil {
		t.Fatal("submission queue full")
	}
	return s
}

func countFds(t *testing.T) int {
	t.Helper()
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatal(err)
	}
	return len(entries)
}

// TestLayout: the Go structures have the kernel's sizes and offsets.
func TestLayout(t *testing.T) {
	var s SQE
	var p Params
	tests := []struct {
		name      string
		got, want uintptr
	}{
		{"sizeof(io_uring_sqe)", unsafe.Sizeof(s), sqeSize},
		{"sizeof(io_uring_cqe)", unsafe.Sizeof(CQE{}), cqeSize},
		{"sizeof(io_uring_buf)", unsafe.Sizeof(Buf{}), bufSize},
		{"sizeof(io_uring_params)", unsafe.Sizeof(p), 120},
		{"sizeof(io_uring_buf_reg)", unsafe.Sizeof(BufReg{}), 40},
		{"sizeof(io_uring_probe_op)", unsafe.Sizeof(ProbeOp{}), 8},
		{"sizeof(io_uring_getevents_arg)", unsafe.Sizeof(GeteventsArg{}), 24},
		{"offsetof(sqe.fd)", unsafe.Offsetof(s.Fd), 4},
		{"offsetof(sqe.off)", unsafe.Offsetof(s.Off), 8},
		{"offsetof(sqe.addr)", unsafe.Offsetof(s.Addr), 16},
		{"offsetof(sqe.len)", unsafe.Offsetof(s.Len), 24},
		{"offsetof(sqe.rw_flags)", unsafe.Offsetof(s.OpFlags), 28},
		{"offsetof(sqe.user_data)", unsafe.Offsetof(s.UserData), 32},
		{"offsetof(sqe.buf_index)", unsafe.Offsetof(s.BufIndex), 40},
		{"offsetof(sqe.splice_fd_in)", unsafe.Offsetof(s.SpliceFdIn), 44},
		{"offsetof(sqe.addr3)", unsafe.Offsetof(s.Addr3), 48},
		{"offsetof(params.sq_off)", unsafe.Offsetof(p.SqOff), 40},
		{"offsetof(params.cq_off)", unsafe.Offsetof(p.CqOff), 80},
		{"offsetof(probe.ops)", unsafe.Offsetof(Probe{}.Ops), 16},
	}
	for _, tc := range tests {
		if tc.got != tc.want {
			t.Errorf("%s = %d, want %d", tc.name, tc.got, tc.want)
		}
	}
}

// TestSetupTeardown: setup grants what was asked, and Close releases the
// ring fd; a second Close does nothing.
func TestSetupTeardown(t *testing.T) {
	before := countFds(t)
	p := Params{Flags: IORING_SETUP_CQSIZE, CqEntries: 64}
	r, err := Setup(8, &p)
	if err != nil {
		t.Skipf("io_uring unavailable here: %v", err)
	}
	if r.SQEntries() != 8 || r.CQEntries() != 64 || p.Features&IORING_FEAT_NODROP == 0 {
		t.Errorf("granted sq=%d cq=%d features=%#x, want 8, 64 and NODROP", r.SQEntries(), r.CQEntries(), p.Features)
	}
	if err := r.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := r.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	if now := countFds(t); now != before {
		t.Fatalf("fds %d after Close, %d before", now, before)
	}
}

// TestNopRoundTrip: NOPs come back with their user data, one enter submits
// them all, and the counters say so.
func TestNopRoundTrip(t *testing.T) {
	r := newRing(t, 8, Params{})
	const n = 5
	for i := range n {
		sqe(t, r).PrepNop(uint64(100 + i))
	}
	if err := r.Submit(n); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		c := next(t, r)
		if c.UserData != uint64(100+i) || c.Res != 0 {
			t.Errorf("cqe %d = %+v, want user data %d, res 0", i, c, 100+i)
		}
	}
	if st := r.Stats(); st.Enters != 1 || st.Submitted != n || st.Reaped != n {
		t.Errorf("stats %+v, want 1 enter, %d submitted, %d reaped", st, n, n)
	}
	if _, ok := r.NextCQE(); ok {
		t.Error("a completion more than was submitted")
	}
}

// TestSingleIssuerDeferredTaskrun: the backend's setup (created disabled,
// enabled on the thread that then submits) completes NOPs.
func TestSingleIssuerDeferredTaskrun(t *testing.T) {
	r := newRing(t, 4, Params{Flags: IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN | IORING_SETUP_R_DISABLED})
	if err := r.Enable(); err != nil {
		t.Fatalf("Enable: %v", err)
	}
	sqe(t, r).PrepNop(7)
	if err := r.Submit(1); err != nil {
		t.Fatal(err)
	}
	if c := next(t, r); c.UserData != 7 {
		t.Fatalf("cqe %+v, want user data 7", c)
	}
}

func TestProbe(t *testing.T) {
	r := newRing(t, 2, Params{})
	p, err := r.Probe()
	if err != nil {
		t.Fatal(err)
	}
	for _, op := range []uint8{IORING_OP_NOP, IORING_OP_ACCEPT, IORING_OP_RECV, IORING_OP_SEND, IORING_OP_ASYNC_CANCEL, IORING_OP_READ} {
		if !p.Supports(op) {
			t.Errorf("opcode %d reported unsupported", op)
		}
	}
	if p.Supports(255) {
		t.Error("opcode 255 reported supported")
	}
}

// TestSubmitTimeoutReturns: a timed wait with nothing in flight ends
// without error once its time is up.
func TestSubmitTimeoutReturns(t *testing.T) {
	r := newRing(t, 2, Params{})
	start := time.Now()
	if err := r.SubmitTimeout(1, 20*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	if waited := time.Since(start); waited < 10*time.Millisecond {
		t.Fatalf("returned after %v, want the 20ms timeout", waited)
	}
	if _, ok := r.NextCQE(); ok {
		t.Fatal("a completion from nothing")
	}
}

// TestSubmitTimeoutPassedDeadline: a timeout already past (a deadline the
// caller computed with time.Until) does not block and is no error.
func TestSubmitTimeoutPassedDeadline(t *testing.T) {
	r := newRing(t, 2, Params{})
	start := time.Now()
	if err := r.SubmitTimeout(1, -time.Second); err != nil {
		t.Fatal(err)
	}
	if waited := time.Since(start); waited > time.Second {
		t.Fatalf("returned after %v, want at once", waited)
	}
}
