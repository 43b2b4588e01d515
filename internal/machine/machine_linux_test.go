package machine

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

func TestDescribe(t *testing.T) {
	m := Describe()
	if m.Kernel == "" || m.GoVersion != runtime.Version() || m.Cores < 1 {
		t.Fatalf("incomplete description: %+v", m)
	}
	if m.FdHardLimit == 0 || m.FdSoftLimit > m.FdHardLimit {
		t.Fatalf("fd limits soft=%d hard=%d", m.FdSoftLimit, m.FdHardLimit)
	}
	if m.ServerCPU != -1 || m.LoadgenCPU != -1 {
		t.Fatalf("pinning must start unset, got %d/%d", m.ServerCPU, m.LoadgenCPU)
	}
}

func TestCPUModel(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"x86", "processor\t: 0\nmodel name\t: Intel Xeon @ 2.50GHz\nmodel name\t: other\n", "Intel Xeon @ 2.50GHz"},
		{"arm", "processor : 0\nHardware : BCM2835\n", "BCM2835"},
		{"none", "processor : 0\n", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "cpuinfo")
			if err := os.WriteFile(p, []byte(tc.text), 0o644); err != nil {
				t.Fatal(err)
			}
			if got := cpuModel(p); got != tc.want {
				t.Fatalf("cpuModel = %q, want %q", got, tc.want)
			}
		})
	}
}
