package procstat

import (
	"runtime"
	"testing"
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
