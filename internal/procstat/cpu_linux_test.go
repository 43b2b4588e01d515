package procstat

import (
	"runtime"
	"testing"
)

// TestReadCPU reads every CPU and the total; the cumulative times never
// run backwards.
func TestReadCPU(t *testing.T) {
	for cpu := -1; cpu < runtime.NumCPU(); cpu++ {
		a, err := ReadCPU(cpu)
		if err != nil {
			t.Fatalf("cpu %d: %v", cpu, err)
		}
		b, err := ReadCPU(cpu)
		if err != nil {
			t.Fatal(err)
		}
		if d := b.Sub(a); d.Steal < 0 || d.Guest < 0 || a.Steal < 0 {
			t.Fatalf("cpu %d: %+v then %+v", cpu, a, b)
		}
	}
	if _, err := ReadCPU(1 << 20); err == nil {
		t.Fatal("a CPU that does not exist was read")
	}
}
