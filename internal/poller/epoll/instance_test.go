package epoll

import (
	"errors"
	"os"
	"testing"
	"time"

	"github.com/muxbench/muxbench/internal/reactor/reactortest"
	"golang.org/x/sys/unix"
)

// waits are the Instance's waits, as a test table.
var waits = []struct {
	name   string
	coarse bool // force the epoll_wait fallback of WaitPrecise
	raw    bool // WaitRaw: EINTR ends the wait instead of being retried
	wait   func(*Instance, []unix.EpollEvent, time.Duration) (int, error)
}{
	{name: "Wait", wait: (*Instance).Wait},
	{name: "WaitPrecise", wait: (*Instance).WaitPrecise},
	{name: "WaitPrecise-ENOSYS-fallback", coarse: true, wait: (*Instance).WaitPrecise},
	{name: "WaitRaw", raw: true, wait: (*Instance).WaitRaw},
}

func newInstance(t testing.TB, coarse bool) *Instance {
	t.Helper()
	in, err := NewInstance()
	if err != nil {
		t.Fatal(err)
	}
	in.coarse = coarse
	t.Cleanup(func() { in.Close() })
	return in
}

// eventFd returns a non-blocking eventfd, closed with t: the simplest fd
// whose readiness a test controls (readable once kicked, until read).
func eventFd(t testing.TB) int {
	t.Helper()
	fd, err := unix.Eventfd(0, unix.EFD_NONBLOCK|unix.EFD_CLOEXEC)
	if err != nil {
		t.Fatalf("eventfd: %v", err)
	}
	t.Cleanup(func() { unix.Close(fd) })
	return fd
}

// kick makes fd readable.
func kick(t testing.TB, fd int) {
	t.Helper()
	one := [8]byte{1}
	if _, err := unix.Write(fd, one[:]); err != nil {
		t.Fatal(err)
	}
}

// TestInstanceRawFlags: the caller's mask goes to the kernel as given
// (EPOLLONESHOT disarms after one event, Mod re-arms it), the data word
// comes back in Fd (a negative one too, as loadgen's timer mark), and Del
// stops the events.
func TestInstanceRawFlags(t *testing.T) {
	for _, w := range waits {
		t.Run(w.name, func(t *testing.T) {
			in := newInstance(t, w.coarse)
			a := eventFd(t)
			const data = -7
			if err := in.Add(a, unix.EPOLLIN|unix.EPOLLONESHOT, data); err != nil {
				t.Fatal(err)
			}
			kick(t, a)
			buf := make([]unix.EpollEvent, 4)
			steps := []struct {
				name string
				do   func() error
				want int
			}{
				{name: "first", do: func() error { return nil }, want: 1},
				{name: "oneshot disarmed", do: func() error { return nil }, want: 0},
				{name: "rearmed", do: func() error { return in.Mod(a, unix.EPOLLIN|unix.EPOLLONESHOT, data) }, want: 1},
				{name: "deleted", do: func() error {
					if err := in.Mod(a, unix.EPOLLIN, data); err != nil {
						return err
					}
					return in.Del(a)
				}, want: 0},
			}
			for _, st := range steps {
				if err := st.do(); err != nil {
					t.Fatalf("%s: %v", st.name, err)
				}
				n, err := w.wait(in, buf, 0)
				if err != nil || n != st.want {
					t.Fatalf("%s: wait = %d, %v; want %d events", st.name, n, err, st.want)
				}
				if n == 1 && (buf[0].Fd != data || buf[0].Events&unix.EPOLLIN == 0) {
					t.Fatalf("%s: event = %+v, want data %d and EPOLLIN", st.name, buf[0], data)
				}
			}
		})
	}
}

// TestInstanceErrorsNameTheSyscall: errors are *os.SyscallError with the
// errno reachable through errors.Is.
func TestInstanceErrorsNameTheSyscall(t *testing.T) {
	in := newInstance(t, false)
	a := eventFd(t)
	cases := []struct {
		name    string
		call    func() error
		syscall string
		errno   unix.Errno
	}{
		{name: "Mod unwatched", call: func() error { return in.Mod(a, unix.EPOLLIN, 0) }, syscall: "epoll_ctl", errno: unix.ENOENT},
		{name: "Wait empty buffer", call: func() error { _, err := in.Wait(nil, 0); return err }, syscall: "epoll_wait", errno: unix.EINVAL},
		{name: "WaitPrecise empty buffer", call: func() error { _, err := in.WaitPrecise(nil, 0); return err },
			syscall: "epoll_pwait2", errno: unix.EINVAL},
		{name: "WaitRaw empty buffer", call: func() error { _, err := in.WaitRaw(nil, 0); return err },
			syscall: "epoll_wait", errno: unix.EINVAL},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.call()
			var se *os.SyscallError
			if !errors.As(err, &se) || se.Syscall != c.syscall || !errors.Is(err, c.errno) {
				t.Fatalf("err = %v, want %s: %v", err, c.syscall, c.errno)
			}
		})
	}
	if err := in.Close(); err != nil {
		t.Fatal(err)
	}
	if err := in.Close(); err != nil {
		t.Fatalf("second Close = %v, want nil", err)
	}
}

// TestInstanceWaitRetriesEINTR interrupts waits with a signal aimed at the
// waiting thread: each interrupted wait is retried (Waits counts the extra
// syscall) and still lasts its whole timeout, reporting no event and no
// error. Bounded: at most 200 waits of 5 ms per case. (WaitRaw does not
// retry: internal/poller's TestWaitRawEndsOnEINTR.)
func TestInstanceWaitRetriesEINTR(t *testing.T) {
	const timeout = 5 * time.Millisecond
	for _, w := range waits {
		if w.raw {
			continue
		}
		t.Run(w.name, func(t *testing.T) {
			in := newInstance(t, w.coarse)
			buf := make([]unix.EpollEvent, 1)
			stop := reactortest.InterruptThread(t)
			defer stop()
			attempts := uint64(0)
			for ; attempts < 200 && in.Waits() == attempts; attempts++ {
				start := time.Now()
				n, err := w.wait(in, buf, timeout)
				if err != nil || n != 0 {
					t.Fatalf("wait = %d, %v; want 0 events, no error", n, err)
				}
				if took := time.Since(start); took < timeout {
					t.Fatalf("wait took %v, less than its timeout %v", took, timeout)
				}
			}
			if in.Waits() == attempts {
				t.Fatalf("no EINTR retried in %d waits of %v", attempts, timeout)
			}
			t.Logf("%d waits, %d wait syscalls", attempts, in.Waits())
		})
	}
}

// TestInstanceWaitAllocatesNothing: a wait into the caller's buffer, and an
// interest change, allocate nothing in steady state.
func TestInstanceWaitAllocatesNothing(t *testing.T) {
	for _, w := range waits {
		t.Run(w.name, func(t *testing.T) {
			in, a := readyInstance(t, w.coarse)
			buf := make([]unix.EpollEvent, 8)
			allocs := testing.AllocsPerRun(200, func() {
				if n, err := w.wait(in, buf, time.Millisecond); n != 1 || err != nil {
					t.Fatalf("wait = %d, %v", n, err)
				}
				if err := in.Mod(a, unix.EPOLLIN, int32(a)); err != nil {
					t.Fatal(err)
				}
			})
			if allocs != 0 {
				t.Fatalf("%v allocations per wait, want 0", allocs)
			}
		})
	}
}

// readyInstance returns an instance watching (level-triggered) a kicked
// eventfd, so every wait reports it.
func readyInstance(t testing.TB, coarse bool) (*Instance, int) {
	t.Helper()
	in := newInstance(t, coarse)
	fd := eventFd(t)
	if err := in.Add(fd, unix.EPOLLIN, int32(fd)); err != nil {
		t.Fatal(err)
	}
	kick(t, fd)
	return in, fd
}

func BenchmarkInstanceWait(b *testing.B) {
	for _, w := range waits {
		b.Run(w.name, func(b *testing.B) {
			in, _ := readyInstance(b, w.coarse)
			buf := make([]unix.EpollEvent, 8)
			b.ReportAllocs()
			for b.Loop() {
				if n, err := w.wait(in, buf, time.Millisecond); n != 1 || err != nil {
					b.Fatalf("wait = %d, %v", n, err)
				}
			}
		})
	}
}
