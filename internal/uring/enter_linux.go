package uring

import (
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Submit publishes the SQEs handed out since the last submission and enters
// the kernel once: to submit them (unless an SQPOLL thread does), to run
// deferred completion work (IORING_SETUP_DEFER_TASKRUN posts completions
// only inside io_uring_enter) and, when wait > 0, to block until wait
// completions are ready. It makes no syscall when there is nothing to
// submit, run, wake or wait for.
func (r *Ring) Submit(wait uint32) error {
	n, flags := r.prepareEnter(wait)
	if n == 0 && flags == 0 {
		return nil
	}
	return r.enter(n, wait, flags, nil, 0)
}

// SubmitTimeout is Submit(wait) that blocks at most d (needs
// IORING_FEAT_EXT_ARG); d <= 0 does not block. Running out of time is not
// an error. The timespec and the argument live in r, on the heap: the
// argument holds the timespec's address as an integer, which a stack copy
// (growing the stack on the way to the syscall) would not update.
func (r *Ring) SubmitTimeout(wait uint32, d time.Duration) error {
	n, flags := r.prepareEnter(wait)
	r.waitTs = unix.NsecToTimespec(max(d, 0).Nanoseconds())
	r.waitArg = GeteventsArg{Ts: uint64(uintptr(unsafe.Pointer(&r.waitTs)))}
	return r.enter(n, wait, flags|IORING_ENTER_GETEVENTS|IORING_ENTER_EXT_ARG, unsafe.Pointer(&r.waitArg), unsafe.Sizeof(r.waitArg))
}

func (r *Ring) prepareEnter(wait uint32) (n, flags uint32) {
	n = r.sq.publish()
	if wait > 0 || r.flags&IORING_SETUP_DEFER_TASKRUN != 0 {
		flags |= IORING_ENTER_GETEVENTS
	}
	if r.flags&IORING_SETUP_SQPOLL != 0 {
		n = 0 // the SQ thread submits
		if r.sq.needsWakeup() {
			flags |= IORING_ENTER_SQ_WAKEUP
		}
	}
	return n, flags
}

// Flush submits the SQEs handed out so far without waiting for
// completions, so that GetSQE has room again. With SQPOLL it wakes the SQ
// thread if it sleeps and waits until the queue has room.
func (r *Ring) Flush() error {
	n := r.sq.publish()
	if r.flags&IORING_SETUP_SQPOLL == 0 {
		if n == 0 {
			return nil
		}
		return r.enter(n, 0, 0, nil, 0)
	}
	flags := uint32(IORING_ENTER_SQ_WAIT)
	if r.sq.needsWakeup() {
		flags |= IORING_ENTER_SQ_WAKEUP
	}
	return r.enter(0, 0, flags, nil, 0)
}

// enter calls io_uring_enter(2), retrying EINTR (with what is still
// unsubmitted). A call that may block goes through the scheduler
// (Syscall6) so the runtime can hand this thread's P to another goroutine;
// one that cannot block (submitting, running completion work) is a raw
// syscall and costs the runtime nothing. ETIME (a timed wait ran out) is
// not an error.
func (r *Ring) enter(n, wait, flags uint32, arg unsafe.Pointer, argSize uintptr) error {
	blocking := (wait > 0 && flags&IORING_ENTER_GETEVENTS != 0) || flags&IORING_ENTER_SQ_WAIT != 0
	for {
		var errno unix.Errno
		if blocking {
			_, _, errno = unix.Syscall6(unix.SYS_IO_URING_ENTER, uintptr(r.fd), uintptr(n), uintptr(wait), uintptr(flags), uintptr(arg), argSize)
		} else {
			_, _, errno = unix.RawSyscall6(unix.SYS_IO_URING_ENTER, uintptr(r.fd), uintptr(n), uintptr(wait), uintptr(flags), uintptr(arg), argSize)
		}
		r.stats.Enters++
		r.sq.sync(&r.stats)
		switch errno {
		case 0, unix.ETIME:
			return nil
		case unix.EINTR:
			if r.flags&IORING_SETUP_SQPOLL == 0 {
				n = r.sq.tail - r.sq.head()
			}
			continue
		}
		return sysErr("io_uring_enter", errno)
	}
}
