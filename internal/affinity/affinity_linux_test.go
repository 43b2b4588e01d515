package affinity

import (
	"runtime"
	"testing"

	"golang.org/x/sys/unix"
)

// checkAllTasks asserts every thread of the process has exactly want.
func checkAllTasks(t *testing.T, want unix.CPUSet) {
	t.Helper()
	tids, err := Tasks()
	if err != nil {
		t.Fatal(err)
	}
	if len(tids) < 2 {
		t.Fatalf("Tasks() = %v, want the runtime's several threads", tids)
	}
	for _, tid := range tids {
		var got unix.CPUSet
		if err := unix.SchedGetaffinity(tid, &got); err != nil {
			t.Fatalf("sched_getaffinity(%d): %v", tid, err)
		}
		if got != want {
			t.Errorf("thread %d: mask has %d CPUs, want %d", tid, got.Count(), want.Count())
		}
	}
}

func firstCPU(set unix.CPUSet) int {
	for c := 0; c < len(set)*64; c++ {
		if set.IsSet(c) {
			return c
		}
	}
	return -1
}

func TestPinAppliesToEveryThread(t *testing.T) {
	orig, err := Current()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := PinSet(&orig); err != nil {
			t.Errorf("restoring the CPU set: %v", err)
		}
	})
	one := firstCPU(orig)
	var single unix.CPUSet
	single.Set(one)
	tests := []struct {
		name string
		cpus []int
		want unix.CPUSet
	}{
		{name: "one CPU", cpus: []int{one}, want: single},
		{name: "current set", cpus: cpuList(orig), want: orig},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := Pin(tc.cpus); err != nil {
				t.Fatal(err)
			}
			checkAllTasks(t, tc.want)
		})
	}
}

func TestNewThreadsInherit(t *testing.T) {
	orig, err := Current()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = PinSet(&orig) })
	var single unix.CPUSet
	single.Set(firstCPU(orig))
	if err := PinSet(&single); err != nil {
		t.Fatal(err)
	}
	// Goroutines locked to their threads while others block force the
	// runtime to start more threads than it had.
	const extra = 8
	release := make(chan struct{})
	ready := make(chan struct{}, extra)
	for i := 0; i < extra; i++ {
		go func() {
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			ready <- struct{}{}
			<-release
		}()
	}
	for i := 0; i < extra; i++ {
		<-ready
	}
	checkAllTasks(t, single)
	close(release)
}

func TestPinRejectsBadSets(t *testing.T) {
	tests := []struct {
		name string
		cpus []int
	}{
		{name: "empty", cpus: nil},
		{name: "negative", cpus: []int{-1}},
		{name: "too large", cpus: []int{1 << 20}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := Pin(tc.cpus); err == nil {
				t.Fatalf("Pin(%v) = nil, want an error", tc.cpus)
			}
		})
	}
}

func cpuList(set unix.CPUSet) []int {
	var cpus []int
	for c := 0; c < len(set)*64; c++ {
		if set.IsSet(c) {
			cpus = append(cpus, c)
		}
	}
	return cpus
}
