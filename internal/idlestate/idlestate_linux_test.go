package idlestate

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestHoldWritesAZeroLatency: Hold writes the binary s32 0 the kernel's
// PM QoS device reads and keeps the file open until Close; a device that
// cannot be opened is an error saying the idle states stay the OS's.
func TestHoldWritesAZeroLatency(t *testing.T) {
	dev := filepath.Join(t.TempDir(), "cpu_dma_latency")
	if err := os.WriteFile(dev, []byte{0xff, 0xff, 0xff, 0xff}, 0o600); err != nil {
		t.Fatal(err)
	}
	req, err := Hold(dev)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(dev)
	if len(b) != 4 || binary.NativeEndian.Uint32(b) != 0 {
		t.Fatalf("device holds %x, want a 4-byte 0", b)
	}
	if err := req.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := Hold(filepath.Join(t.TempDir(), "absent")); err == nil || !strings.Contains(err.Error(), "left to the OS") {
		t.Fatalf("absent device: %v, want an error saying the idle states are the OS's", err)
	}
	var none *Request
	if err := none.Close(); err != nil {
		t.Fatalf("closing a request never held: %v", err)
	}
}

// TestDrivers describes a scripted sysfs tree and an empty one.
func TestDrivers(t *testing.T) {
	sys := t.TempDir()
	write := func(p, s string) { writeSysfs(t, sys, p, s) }
	if got := Drivers(sys); got != "" {
		t.Fatalf("no cpuidle: %q, want empty", got)
	}
	write("cpuidle/current_driver", "haltpoll")
	write("cpuidle/current_governor", "haltpoll")
	write("cpu0/cpuidle/state0/name", "POLL")
	write("cpu0/cpuidle/state1/name", "haltpoll")
	want := "haltpoll driver, haltpoll governor, states POLL, haltpoll"
	if got := Drivers(sys); got != want {
		t.Fatalf("Drivers = %q, want %q", got, want)
	}
}

// TestParseMode: poll and os, and a one-line error naming both.
func TestParseMode(t *testing.T) {
	for _, s := range []string{"poll", "os"} {
		if m, err := ParseMode(s); err != nil || string(m) != s {
			t.Errorf("ParseMode(%q) = %q, %v", s, m, err)
		}
	}
	if _, err := ParseMode("halt"); err == nil || !strings.Contains(err.Error(), "want poll") {
		t.Errorf("ParseMode(halt): %v, want an error naming poll and os", err)
	}
}

// TestApplyNamesTheFlagOnlyWhenGiven: a run that asked for the OS's idle
// states says which flag did; an in-process caller that asked for nothing
// (an empty mode) is not told it gave --idle-states os.
func TestApplyNamesTheFlagOnlyWhenGiven(t *testing.T) {
	for _, tc := range []struct {
		mode     Mode
		wantFlag bool
	}{{OS, true}, {"", false}} {
		req, got := Apply(tc.mode)
		if req != nil {
			t.Fatalf("mode %q held a request", tc.mode)
		}
		if !strings.HasPrefix(got, "left to the OS") || strings.Contains(got, "--idle-states os") != tc.wantFlag {
			t.Errorf("mode %q: %q, want \"left to the OS\", naming --idle-states os: %v", tc.mode, got, tc.wantFlag)
		}
	}
}

// TestApplySaysWhetherTheCPUsPoll: a request held where CPU 0 has a POLL
// state is described as polling; held where no cpuidle driver registered
// any state (the kernel's default idle halts), as halting, with the driver
// and "no states" named.
func TestApplySaysWhetherTheCPUsPoll(t *testing.T) {
	for _, tc := range []struct {
		name, driver string
		states       []string
		want         string
	}{
		{"haltpoll", "haltpoll", []string{"POLL", "haltpoll"}, "polling: "},
		{"no driver", "none", nil, "halting: "},
		{"no poll state", "intel_idle", []string{"C1", "C1E"}, "halting: "},
	} {
		sys := t.TempDir()
		writeSysfs(t, sys, "cpuidle/current_driver", tc.driver)
		writeSysfs(t, sys, "cpuidle/current_governor", "menu")
		for i, s := range tc.states {
			writeSysfs(t, sys, filepath.Join("cpu0/cpuidle", "state"+string(rune('0'+i)), "name"), s)
		}
		dev := filepath.Join(t.TempDir(), "cpu_dma_latency")
		if err := os.WriteFile(dev, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		req, got := apply(Poll, sys, dev)
		if req == nil {
			t.Fatalf("%s: no request held", tc.name)
		}
		req.Close()
		if !strings.HasPrefix(got, tc.want) || !strings.Contains(got, tc.driver+" driver") {
			t.Errorf("%s: %q, want it to start %q and name the %s driver", tc.name, got, tc.want, tc.driver)
		}
		if tc.states == nil && !strings.Contains(got, "no states") {
			t.Errorf("%s: %q, want \"no states\"", tc.name, got)
		}
	}
}

// writeSysfs writes the one-line file p under the scripted sysfs tree sys.
func writeSysfs(t *testing.T, sys, p, s string) {
	t.Helper()
	full := filepath.Join(sys, p)
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(full, []byte(s+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
}
