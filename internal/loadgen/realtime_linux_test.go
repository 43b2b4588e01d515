package loadgen

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// policyOf is the calling thread's scheduling policy.
func policyOf(t *testing.T) uint32 {
	t.Helper()
	a, err := unix.SchedGetAttr(0, 0)
	if err != nil {
		t.Fatal(err)
	}
	return a.Policy
}

// TestRealtimeWhilePolling: a driver that polls before its sends runs its
// window SCHED_FIFO and gets its own scheduling back after; a driver whose
// sends are closer, or a closed-loop one, stays an ordinary thread. Where
// the kernel refuses (no CAP_SYS_NICE) the thread is left as it was and the
// log says why.
func TestRealtimeWhilePolling(t *testing.T) {
	tests := []struct {
		name  string
		w     workload
		polls bool
	}{
		{"open, 2,000/s on one driver", &driver{mode: Open, nsPerReq: 5e5, active: 1, conns: make([]*activeConn, 1)}, true},
		{"open, 50,000/s", &driver{mode: Open, nsPerReq: 2e4, active: 1, conns: make([]*activeConn, 1)}, false},
		{"closed", &driver{mode: Closed, active: 1, conns: make([]*activeConn, 1)}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			before := policyOf(t)
			var l realtimeLog
			leave := l.enter(tc.w)
			during := policyOf(t)
			leave()
			if after := policyOf(t); after != before {
				t.Fatalf("policy after the window %d, want %d as before", after, before)
			}
			switch {
			case !tc.polls:
				if during != before || l.String() != "" {
					t.Fatalf("policy %d, log %q: want %d and nothing logged for a driver that does not poll", during, l.String(), before)
				}
			case errors.Is(l.refused, unix.EPERM):
				if during != before || !strings.Contains(l.String(), "not permitted") {
					t.Fatalf("refused: policy %d, log %q; want %d and the refusal", during, l.String(), before)
				}
			case during != unix.SCHED_FIFO || l.String() != RealtimeFIFO:
				t.Fatalf("policy %d, log %q (%v); want SCHED_FIFO (%d)", during, l.String(), l.refused, unix.SCHED_FIFO)
			}
		})
	}
}

// TestOpenLoopResultSaysHowDriversRan: an open-loop run whose driver polls
// says in its Result how that driver was scheduled.
func TestOpenLoopResultSaysHowDriversRan(t *testing.T) {
	srv := startServer(t, echo)
	g := dialT(t, Config{Addrs: []string{srv.addr()}, Active: 1, Mode: Open, Rate: 2000})
	res, err := g.Run(context.Background(), 50*time.Millisecond, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Realtime != RealtimeFIFO && !strings.Contains(res.Realtime, "not permitted") {
		t.Fatalf("Realtime %q, want %q or the kernel's refusal", res.Realtime, RealtimeFIFO)
	}
	if tids := realtimeThreads(t); len(tids) > 0 {
		t.Fatalf("threads %v still real-time after the window", tids)
	}
}

// realtimeThreads lists the process's threads whose policy is not
// SCHED_OTHER (unix.SCHED_NORMAL).
func realtimeThreads(t *testing.T) []string {
	t.Helper()
	tasks, err := os.ReadDir("/proc/self/task")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, task := range tasks {
		tid, err := strconv.Atoi(task.Name())
		if err != nil {
			continue
		}
		if a, err := unix.SchedGetAttr(tid, 0); err == nil && a.Policy != unix.SCHED_NORMAL {
			out = append(out, fmt.Sprintf("%d (policy %d)", tid, a.Policy))
		}
	}
	return out
}
