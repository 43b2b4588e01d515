package procstat

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"
)

// TestReadCPUs reads every CPU and the total; the cumulative times never
// run backwards.
func TestReadCPUs(t *testing.T) {
	cpus := []int{-1}
	for cpu := range runtime.NumCPU() {
		cpus = append(cpus, cpu)
	}
	a, err := ReadCPUs(cpus...)
	if err != nil {
		t.Fatal(err)
	}
	b, err := ReadCPUs(cpus...)
	if err != nil || len(a) != len(cpus) || len(b) != len(cpus) {
		t.Fatalf("%d, %d readings of %d CPUs: %v", len(a), len(b), len(cpus), err)
	}
	for i := range cpus {
		if d := b[i].Sub(a[i]); d.Steal < 0 || d.Guest < 0 || a[i].Steal < 0 {
			t.Fatalf("cpu %d: %+v then %+v", cpus[i], a[i], b[i])
		}
	}
	if _, err := ReadCPUs(1 << 20); err == nil {
		t.Fatal("a CPU that does not exist was read")
	}
}

// TestCPULines parses steal and guest (guest_nice added) per CPU and
// stops at the first line that is not a CPU's.
func TestCPULines(t *testing.T) {
	text := "cpu  10 0 5 100 1 0 2 300 40 2\ncpu0 5 0 2 50 0 0 1 100 40 2\ncpu1 5 0 3 50 1 0 1 200 0 0\nintr 1 2 3\ncpu9 1 1 1 1 1 1 1 1 1 1\n"
	p := filepath.Join(t.TempDir(), "stat")
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := cpuLines(p)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]CPUTimes{
		"cpu":  {Steal: 3 * time.Second, Guest: 420 * time.Millisecond},
		"cpu0": {Steal: time.Second, Guest: 420 * time.Millisecond},
		"cpu1": {Steal: 2 * time.Second},
	}
	if len(got) != len(want) {
		t.Fatalf("lines %v, want %v (parsing stops at intr)", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %+v, want %+v", k, got[k], v)
		}
	}
}
