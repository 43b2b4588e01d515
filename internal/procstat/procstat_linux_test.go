package procstat

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestReadStatTimes(t *testing.T) {
	tail := " S 1 2 3 4 5 6 7 8 9 10 250 30 0 0 20 0 1 0\n"
	tests := []struct {
		name, text string
		user, sys  time.Duration
		wantErr    bool
	}{
		{"plain", "42 (bench)" + tail, 2500 * time.Millisecond, 300 * time.Millisecond, false},
		{"name with spaces and parens", "42 (a) b (c))" + tail, 2500 * time.Millisecond, 300 * time.Millisecond, false},
		{"truncated", "42 (bench) S 1 2", 0, 0, true},
		{"no name", "42 bench S", 0, 0, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "stat")
			if err := os.WriteFile(p, []byte(tc.text), 0o644); err != nil {
				t.Fatal(err)
			}
			u, s, err := readStatTimes(p)
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tc.wantErr)
			}
			if u != tc.user || s != tc.sys {
				t.Fatalf("user, sys = %v, %v; want %v, %v", u, s, tc.user, tc.sys)
			}
		})
	}
}

func TestReadCtxSwitches(t *testing.T) {
	p := filepath.Join(t.TempDir(), "status")
	text := "Name:\tx\nvoluntary_ctxt_switches:\t7\nnonvoluntary_ctxt_switches:\t5\n"
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	if cs, err := readCtxSwitches(p); err != nil || cs != (switches{voluntary: 7, involuntary: 5}) {
		t.Fatalf("readCtxSwitches = %+v, %v; want 7 voluntary, 5 involuntary", cs, err)
	}
}

// TestReadSelf checks the live sources on this process: the cumulative
// figures never go backwards across work, and the process is visible.
func TestReadSelf(t *testing.T) {
	before, err := Read(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	burn(1e6)
	after, err := Read(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	d := after.Sub(before)
	if d.CPU <= 0 || d.User < 0 || d.Sys < 0 || after.CtxSwitches < before.CtxSwitches {
		t.Fatalf("delta %+v", d)
	}
	if after.Voluntary+after.Involuntary != after.CtxSwitches {
		t.Fatalf("%d voluntary + %d involuntary switches, want their total %d", after.Voluntary, after.Involuntary, after.CtxSwitches)
	}
	if after.RSSBytes == 0 || after.Threads < 1 {
		t.Fatalf("sample %+v", after)
	}
	u, s, err := Self()
	if err != nil || u+s <= 0 {
		t.Fatalf("Self = %v, %v, %v", u, s, err)
	}
}

func TestReadMissingProcess(t *testing.T) {
	if _, err := Read(1 << 30); err == nil {
		t.Fatal("Read of a pid that cannot exist succeeded")
	}
}

var sink uint64

func burn(n int) {
	for i := 0; i < n; i++ {
		sink += uint64(i) * 2654435761
	}
}

// TestReadTaskParsesSchedstat: the first two schedstat fields are on-CPU and
// run-queue wait nanoseconds; the switches come from status.
func TestReadTaskParsesSchedstat(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("schedstat", "1500000 250000 42\n")
	write("status", "Name:\tx\nvoluntary_ctxt_switches:\t7\nnonvoluntary_ctxt_switches:\t3\n")
	cpu, wait, cs, err := readTask(dir)
	if err != nil {
		t.Fatal(err)
	}
	if cpu != 1500*time.Microsecond || wait != 250*time.Microsecond || cs != (switches{7, 3}) {
		t.Fatalf("readTask = %v, %v, %+v; want 1.5ms, 250µs, 7 and 3 switches", cpu, wait, cs)
	}
	write("schedstat", "1500000\n")
	if _, _, _, err := readTask(dir); err == nil {
		t.Fatal("a one-field schedstat was accepted")
	}
}

// TestForeignWait: the wait that counts is the busiest thread's, less the
// time the process's own other threads ran (they are its own cost).
func TestForeignWait(t *testing.T) {
	ms := time.Millisecond
	prev := Sample{CPU: 101 * ms, tasks: map[string]taskTimes{
		"10": {cpu: 100 * ms, wait: 5 * ms}, // the loop
		"11": {cpu: 1 * ms, wait: 1 * ms},   // a runtime helper
	}}
	tests := []struct {
		name  string
		cpu   time.Duration
		tasks map[string]taskTimes
		want  time.Duration
	}{
		{name: "loop waited behind its own helper", cpu: 1001 * ms, want: 0, tasks: map[string]taskTimes{
			"10": {cpu: 700 * ms, wait: 305 * ms}, "11": {cpu: 301 * ms, wait: 2 * ms}}},
		{name: "loop starved by another process", cpu: 602 * ms, want: 399 * ms, tasks: map[string]taskTimes{
			"10": {cpu: 600 * ms, wait: 405 * ms}, "11": {cpu: 2 * ms, wait: 2 * ms}}},
		{name: "thread born in the interval is the busiest", cpu: 151 * ms, want: 7 * ms, tasks: map[string]taskTimes{
			"10": {cpu: 101 * ms, wait: 5 * ms}, "12": {cpu: 50 * ms, wait: 7 * ms}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := (Sample{CPU: tc.cpu, tasks: tc.tasks}).ForeignWait(prev); got != tc.want {
				t.Errorf("ForeignWait = %v, want %v", got, tc.want)
			}
		})
	}
}

// TestOutsideBusiest: the CPU of every thread but the one that ran most in
// the interval, beside the total; a thread busiest before the interval
// does not count as busiest in it.
func TestOutsideBusiest(t *testing.T) {
	ms := time.Millisecond
	prev := Sample{CPU: 600 * ms, tasks: map[string]taskTimes{
		"10": {cpu: 100 * ms}, "11": {cpu: 500 * ms},
	}}
	tests := []struct {
		name           string
		cpu            time.Duration
		tasks          map[string]taskTimes
		outside, total time.Duration
	}{
		{name: "loop and a helper", cpu: 1000 * ms, outside: 50 * ms, total: 400 * ms, tasks: map[string]taskTimes{
			"10": {cpu: 450 * ms}, "11": {cpu: 550 * ms}}},
		{name: "one thread", cpu: 700 * ms, total: 100 * ms, tasks: map[string]taskTimes{
			"10": {cpu: 200 * ms}, "11": {cpu: 500 * ms}}},
		{name: "thread born in the interval", cpu: 900 * ms, outside: 100 * ms, total: 300 * ms, tasks: map[string]taskTimes{
			"10": {cpu: 200 * ms}, "11": {cpu: 500 * ms}, "12": {cpu: 200 * ms}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, total := (Sample{CPU: tc.cpu, tasks: tc.tasks}).OutsideBusiest(prev)
			if out != tc.outside || total != tc.total {
				t.Errorf("OutsideBusiest = %v, %v; want %v, %v", out, total, tc.outside, tc.total)
			}
		})
	}
}
