// Package affinity pins the whole current process to a set of CPUs.
//
// sched_setaffinity(2) acts on one thread; a Go process already runs several
// (the runtime's Ms), so pinning only the calling thread would leave the
// others free to run anywhere. Pin walks /proc/self/task and pins every
// existing thread; threads created later inherit the mask of the thread that
// creates them, which is by then pinned.
package affinity
