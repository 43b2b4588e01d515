// Package rawsys is the event loop's syscalls that never enter the Go
// scheduler: each is one RawSyscall, returning the errno untouched for the
// caller to classify (internal/reactor's errno_linux.go).
//
// A syscall made the usual way (syscall.Syscall, which every x/sys/unix
// wrapper uses) runs between entersyscall and exitsyscall: while it is in
// the kernel, sysmon may retake the thread's P and wake another thread to
// hold it, and the thread must get a P back on its way out. That is what a
// call that may block needs, and a pure tax on one that cannot: a read or
// write on a non-blocking socket or eventfd, an accept4 on a non-blocking
// listener, an epoll_ctl. Measured on the raw backends (issue 15), sysmon
// retook the loop's P in the middle of such calls thousands of times a
// second. Only calls that return at once belong here, and the readiness
// waits (wait_linux.go), which block: a raw call that blocks holds its P
// for as long as it blocks, so the reactor bounds those and leaves them on
// EINTR (see its wait_linux.go for why that cannot deadlock).
package rawsys
