package reactortest

import (
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// InterruptThread locks the calling goroutine to its thread and sends that
// thread SIGURG (which the Go runtime ignores unless it asked for a
// preemption) every 200 µs until stop is called, so that a syscall the
// goroutine blocks in meanwhile is interrupted (EINTR).
func InterruptThread(tb testing.TB) (stop func()) {
	runtime.LockOSThread()
	pid, tid := unix.Getpid(), unix.Gettid()
	var done atomic.Bool
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		for !done.Load() {
			if err := unix.Tgkill(pid, tid, unix.SIGURG); err != nil {
				tb.Errorf("tgkill: %v", err)
				return
			}
			time.Sleep(200 * time.Microsecond)
		}
	}()
	return func() {
		done.Store(true)
		<-finished
		runtime.UnlockOSThread()
	}
}
