package export

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/muxbench/muxbench/internal/results"
)

// benchstatModule is the benchstat the recipes are written for: the one
// of the x/perf version go.mod requires (.ci/run installs the same).
func benchstatModule(t *testing.T) string {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Version}}", "golang.org/x/perf").Output()
	if err != nil {
		t.Fatalf("go list -m golang.org/x/perf: %v", err)
	}
	return "golang.org/x/perf/cmd/benchstat@" + strings.TrimSpace(string(out))
}

// benchstat finds the real benchstat: $BENCHSTAT, then PATH, else it
// installs the pinned version into a temporary GOBIN; the test is skipped
// only when that fails (no module proxy, no cached module).
func benchstat(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("BENCHSTAT"); p != "" {
		return p
	}
	if p, err := exec.LookPath("benchstat"); err == nil {
		return p
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	bin := t.TempDir()
	cmd := exec.CommandContext(ctx, "go", "install", benchstatModule(t))
	cmd.Dir, cmd.Env = bin, append(os.Environ(), "GOBIN="+bin)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Skipf("benchstat is not installed and cannot be: %v\n%s", err, out)
	}
	return filepath.Join(bin, "benchstat")
}

// exportTo writes the runs, each with its label (Options.Run) if given, to
// one file in dir.
func exportTo(t *testing.T, dir, name string, runs []*results.Run, labels ...string) string {
	t.Helper()
	f, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	w := NewBenchstat(f)
	for i, r := range runs {
		opt := Options{}
		if i < len(labels) {
			opt.Run = labels[i]
		}
		if err := w.Write(r, opt); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return f.Name()
}

// TestBenchstatRecipes runs the real benchstat on two exported runs (the
// second a build whose poll is twice as slow at 1,000 idle connections, a
// third on another machine) with the README's commands, and checks that it
// computes statistics: medians with intervals, deltas with p-values, and no
// warning that it pooled benchmarks of different names.
func TestBenchstatRecipes(t *testing.T) {
	tool := benchstat(t)
	dir := t.TempDir()
	a, b := fixture("aaaa", 1), fixture("bbbb", 2)
	other := fixture("aaaa", 1)
	other.Machine.CPUModel, other.Machine.Kernel = "Other CPU", "Linux 6.1.0"
	old, cur, far := exportTo(t, dir, "old.txt", []*results.Run{a}), exportTo(t, dir, "new.txt", []*results.Run{b}),
		exportTo(t, dir, "far.txt", []*results.Run{other})
	pair := exportTo(t, dir, "pair.txt", []*results.Run{a, b}, "old", "new")
	p99 := "-filter=.unit:p99-latency-ns"
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{name: "backends side by side", args: []string{"-col", "/backend", p99, old},
			want: []string{"poll", "epoll_et", "Echo/idle=1000/active=1/mode=closed/msg=64", "119.40µ ± 6%", "19.90µ ± 6%", "-83.33% (p=0.002 n=6)"}},
		{name: "per run, a table per commit", args: []string{"-col", "/backend", p99, old, cur},
			want: []string{"commit: aaaa", "commit: bbbb", "-83.33% (p=0.002 n=6)", "-91.67% (p=0.002 n=6)"}},
		{name: "two builds", args: []string{"-ignore", "commit", p99, old, cur},
			want: []string{"old.txt", "new.txt", "Echo/backend=poll/idle=1000/active=1/mode=closed/msg=64", "+100.00% (p=0.002 n=6)", "~ (p=1.000 n=6)"}},
		{name: "two machines", args: []string{"-ignore", "cpu,kernel", p99, old, far},
			want: []string{"far.txt", "~ (p=1.000 n=6)"}},
		{name: "bench compare's pair", args: []string{"-col", "run", "-ignore", "commit", p99, pair},
			want: []string{"old", "new", "+100.00% (p=0.002 n=6)"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, err := exec.Command(tool, tc.args...).CombinedOutput()
			if err != nil {
				t.Fatalf("benchstat %s: %v\n%s", strings.Join(tc.args, " "), err, out)
			}
			text := string(out)
			for _, bad := range []string{"benchmarks vary", "need >=", "all samples are equal"} {
				if strings.Contains(text, bad) {
					t.Errorf("benchstat warns %q:\n%s", bad, text)
				}
			}
			for _, w := range tc.want {
				if !strings.Contains(text, w) {
					t.Errorf("benchstat output lacks %q:\n%s", w, text)
				}
			}
			if tc.name == "two machines" && strings.Contains(text, "cpu:") {
				t.Errorf("-ignore cpu,kernel still splits the tables:\n%s", text)
			}
		})
	}
}
