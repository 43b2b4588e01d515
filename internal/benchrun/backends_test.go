package benchrun

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/muxbench/muxbench/internal/affinity"
	"github.com/muxbench/muxbench/internal/registry"
	"github.com/muxbench/muxbench/internal/results"
)

// laidOut is the cells Run would lay out for p on a 20,000-fd machine,
// by "backend idle scenario" (the sweep's scenario is its handler, echo).
func laidOut(p Profile) map[string]results.Cell {
	r := &runner{opts: Options{Profile: p, Handler: "echo"}, cells: map[results.CellKey]*results.Cell{},
		limits: Limits{Soft: 20000, Hard: 20000, GeneratorMargin: 64}}
	r.run = &results.Run{Config: r.config()}
	r.layout()
	out := map[string]results.Cell{}
	for _, c := range r.run.Cells {
		out[c.Backend+" "+strconv.Itoa(c.Idle)+" "+c.Scenario] = c
	}
	return out
}

// TestReferenceCells: c_epoll's cells are n/a with the reason when its
// program is missing; when it is there, its sweep cells run at the
// profile's reference idle counts only, and a scenario cell with a handler
// it does not speak is n/a.
func TestReferenceCells(t *testing.T) {
	env := registry.MustLookup(registry.CEpoll).ProgramEnv()
	missing := filepath.Join(t.TempDir(), "c_epoll")
	p, err := LookupProfile("quick")
	if err != nil {
		t.Fatal(err)
	}
	p.Backends, p.Modes, p.Active = []string{registry.CEpoll, registry.EpollET}, []string{"closed"}, []int{1}
	p.Scenarios = []string{ScenarioIdle, ScenarioBulk}
	tests := []struct {
		name, program string
		want          map[string]string // cell -> n/a substring ("": it runs)
	}{
		{name: "missing", program: missing, want: map[string]string{
			"c_epoll 0 echo": env + "=" + missing + ": stat", "c_epoll 10000 echo": "no such file",
			"c_epoll 0 bulk": "no such file", "epoll_et 10000 echo": ""}},
		{name: "built", program: os.Args[0], want: map[string]string{
			"c_epoll 0 echo": "", "c_epoll 1000 echo": "", "epoll_et 10000 echo": "", "epoll_et 0 bulk": "",
			"c_epoll 10000 echo": "reference floor, run at idle 0,1000 only in profile quick",
			"c_epoll 0 bulk":     "c_epoll speaks the echo handler only, not rpc"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv(env, tc.program)
			cells := laidOut(p)
			for point, want := range tc.want {
				c, ok := cells[point]
				switch {
				case !ok:
					t.Errorf("%s: no such cell", point)
				case want == "" && c.NA != "" || !strings.Contains(c.NA, want):
					t.Errorf("%s: n/a %q, want %q", point, c.NA, want)
				}
			}
		})
	}
}

// TestExternalChildSpec: an External backend's child is its program with
// bench serve's flags, not `bench serve`.
func TestExternalChildSpec(t *testing.T) {
	b := registry.MustLookup(registry.CEpoll)
	t.Setenv(b.ProgramEnv(), "/opt/c_epoll")
	r := &runner{opts: Options{Exe: "/bin/bench", Handler: "echo"}, run: &results.Run{Machine: results.Machine{ServerCPU: 1}}}
	tests := []struct {
		backend, exe, args string
	}{
		{backend: registry.CEpoll, exe: "/opt/c_epoll", args: "--backend c_epoll --addr 127.0.0.1:0,127.0.0.1:0 --handler echo --control --cpu 1"},
		{backend: registry.EpollET, exe: "/bin/bench", args: "serve --backend epoll_et --addr 127.0.0.1:0,127.0.0.1:0 --handler echo --control --cpu 1"},
	}
	for _, tc := range tests {
		spec := r.childSpec(tc.backend, 2, false)
		if spec.Exe != tc.exe || strings.Join(spec.Args, " ") != tc.args || spec.CPU != 1 {
			t.Errorf("%s: %s %q on CPU %d, want %s %q on 1", tc.backend, spec.Exe, spec.Args, spec.CPU, tc.exe, tc.args)
		}
	}
}

// TestRunCEpoll measures c_epoll in a tiny run with no bench binary to
// start (Exe does not exist): the server child is the C program itself,
// pinned, its CPU and context switches read from its /proc, its syscalls
// from perf in the counted trial and n/a in the timed one (its counters
// line lists what it cannot see).
func TestRunCEpoll(t *testing.T) {
	prog := buildCEpoll(t)
	t.Setenv(registry.MustLookup(registry.CEpoll).ProgramEnv(), prog)
	saved, err := affinity.Current()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { affinity.PinSet(&saved) }) // Run pins this process as the generator
	p, err := LookupProfile("smoke")
	if err != nil {
		t.Fatal(err)
	}
	p.Backends, p.Idle, p.Active, p.Duration, p.Warmup = []string{registry.CEpoll}, []int{0}, []int{1}, 200*time.Millisecond, 50*time.Millisecond
	var servers []string // each window's server: its command and CPUs
	opts := Options{Profile: p, Handler: "echo", OutDir: t.TempDir(), Exe: filepath.Join(t.TempDir(), "no-bench"),
		SyscallCount: true, WindowStart: func(pid int, _ results.CellKey) { servers = append(servers, procServer(pid)) }}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	run, err := Run(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(run.Cells) != 1 || len(run.Cells[0].Trials) == 0 {
		t.Fatalf("cells %+v", run.Cells)
	}
	want := "c_epoll on CPUs " + strconv.Itoa(run.Machine.ServerCPU)
	if slices.ContainsFunc(servers, func(s string) bool {
		return s != want && run.Machine.ServerCPU >= 0 || !strings.HasPrefix(s, "c_epoll ")
	}) {
		t.Errorf("server processes %q, want %s", servers, want)
	}
	for _, tr := range run.Cells[0].Trials {
		checkCEpollTrial(t, tr)
	}
}

func checkCEpollTrial(t *testing.T, tr results.Trial) {
	t.Helper()
	m := tr.Metrics
	t.Logf("trial %d (counted %v): %d requests, %.1f µs CPU/req, %.3f context switches/req, syscalls/req %v (%s%s)",
		tr.Index, tr.Counted, m.Requests, m.ServerCPUUsPerReq, m.CtxSwitchesPerReq, deref(m.SyscallsPerReq), m.SyscallsSource, m.SyscallsNA)
	// A shared machine may trip the gates that judge the machine, not the
	// backend; any other flag is c_epoll's.
	machine := []string{"cpu-contended", "machine-slow", "window-skew", "loadgen-bound"}
	foreign := slices.ContainsFunc(tr.Flags, func(f string) bool { return !slices.Contains(machine, f) })
	if foreign || m.Requests == 0 || m.ServerCPUUsPerReq <= 0 {
		t.Errorf("trial %d: flags %v (%s), %d requests, %.2f µs CPU/req", tr.Index, tr.Flags, tr.Error, m.Requests, m.ServerCPUUsPerReq)
	}
	switch {
	case tr.Counted && (m.SyscallsPerReq == nil || m.SyscallsSource != "perf"):
		t.Errorf("counted trial: syscalls %v from %q (%s)", m.SyscallsPerReq, m.SyscallsSource, m.SyscallsNA)
	case !tr.Counted && (m.SyscallsPerReq != nil || !strings.Contains(m.SyscallsNA, "accept_calls")):
		t.Errorf("timed trial: syscalls %v, n/a %q; want n/a naming what c_epoll cannot count", m.SyscallsPerReq, m.SyscallsNA)
	}
}

// procServer is "COMM on CPUs LIST" for process pid, from its /proc.
func procServer(pid int) string {
	dir := "/proc/" + strconv.Itoa(pid) + "/"
	comm, _ := os.ReadFile(dir + "comm")
	status, _ := os.ReadFile(dir + "status")
	_, cpus, _ := strings.Cut(string(status), "Cpus_allowed_list:")
	cpus, _, _ = strings.Cut(cpus, "\n")
	return strings.TrimSpace(string(comm)) + " on CPUs " + strings.TrimSpace(cpus)
}

// buildCEpoll builds c_epoll with the Makefile's rule into a temporary
// directory, or skips the test without make or a C compiler
// (servers/c_epoll/ctest requires one).
func buildCEpoll(t *testing.T) string {
	t.Helper()
	for _, tool := range []string{"make", "cc"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("no %s to build c_epoll: %v", tool, err)
		}
	}
	dir := t.TempDir()
	if out, err := exec.Command("make", "-s", "-C", filepath.Join("..", ".."), "BIN="+dir, "c_epoll").CombinedOutput(); err != nil {
		t.Fatalf("make c_epoll: %v\n%s", err, out)
	}
	return filepath.Join(dir, "c_epoll")
}

func deref(p *float64) any {
	if p == nil {
		return "n/a"
	}
	return *p
}

// TestReferenceCapacityPoints: off its reference idle counts, c_epoll's
// capacity point gives its sweep cell's reason, not "not searched (the run
// ended first)", which is for a point a run could have reached.
func TestReferenceCapacityPoints(t *testing.T) {
	t.Setenv(registry.MustLookup(registry.CEpoll).ProgramEnv(), os.Args[0])
	p, err := LookupProfile("default")
	if err != nil {
		t.Fatal(err)
	}
	p.Backends, p.Idle = []string{registry.CEpoll, registry.EpollET}, []int{0, 1000, 10000}
	r := &runner{opts: Options{Profile: p, Handler: "echo"}, limits: Limits{Soft: 20000, Hard: 20000, GeneratorMargin: 64}}
	r.run = &results.Run{Config: r.config()}
	r.layoutCapacity()
	want := map[string]string{
		"c_epoll 0": "not searched", "c_epoll 1000": "not searched", "epoll_et 10000": "not searched",
		"c_epoll 10000": "reference floor, run at idle 0,1000 only in profile default",
	}
	for _, pt := range r.run.Capacity.Points {
		k := pt.Backend + " " + strconv.Itoa(pt.Idle)
		if w, ok := want[k]; ok && !strings.Contains(pt.NA, w) {
			t.Errorf("%s: n/a %q, want it to say %q", k, pt.NA, w)
		}
		delete(want, k)
	}
	for k := range want {
		t.Errorf("%s: no capacity point laid out", k)
	}
}
