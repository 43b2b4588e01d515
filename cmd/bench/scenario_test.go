package main

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/muxbench/muxbench/internal/handler"
	"github.com/muxbench/muxbench/internal/results"
)

// TestRunScenarios runs every non-idle scenario at tiny sizes on the raw
// backends and checks what the code implies, not timings: churn counts one
// connection per request with one accept and (epoll) an ADD and a DEL each;
// bulk verifies every byte, pauses a slow reader's connection, and LT
// changes write interest with epoll_ctl while ET makes none; heartbeat's
// pings are all answered; every scenario has its finding and plot.
func TestRunScenarios(t *testing.T) {
	out := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), runTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bench(t), "run", "--profile", "scenario-smoke",
		"--backends", "poll,epoll_lt,epoll_et", "--no-syscall-count", "--out", out)
	b, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("bench run: %v\n%s", err, b)
	}
	run, err := results.Read(filepath.Join(out, "run.json"))
	if err != nil {
		t.Fatal(err)
	}
	seen, drawn := map[string]bool{}, map[string]bool{}
	for _, c := range run.Cells {
		seen[c.Scenario] = true
		for _, tr := range c.Trials {
			drawn[c.Scenario] = drawn[c.Scenario] || tr.Valid()
		}
		if c.NA != "" || len(c.Trials) != 1 {
			t.Errorf("%s: n/a %q, %d trials: want 1 trial", c.CellKey, c.NA, len(c.Trials))
			continue
		}
		checkScenarioTrial(t, c.CellKey, c.Trials[0])
	}
	for _, s := range []string{"all-active", "churn", "bulk", "heartbeat"} {
		if !seen[s] {
			t.Errorf("no %s cells", s)
		}
		if !strings.Contains(string(b), s+": ") {
			t.Errorf("no %s finding in the output", s)
		}
		// A scenario whose every trial tripped a gate (cpu-contended on a
		// loaded machine) has its table but nothing valid to plot.
		if _, err := os.Stat(filepath.Join(out, "plots", "scenario-"+s+".svg")); drawn[s] && err != nil {
			t.Error(err)
		}
	}
}

func checkScenarioTrial(t *testing.T, k results.CellKey, tr results.Trial) {
	t.Helper()
	m := tr.Metrics
	for _, bad := range []string{"verify-errors", "server-exited", "server-refused", "error", "pings-lost"} {
		if slices.Contains(tr.Flags, bad) {
			t.Errorf("%s: flag %s (%s)", k, bad, tr.Error)
		}
	}
	if m.Requests == 0 {
		t.Fatalf("%s: no requests", k)
	}
	switch k.Scenario {
	case "churn":
		checkChurn(t, k, m)
	case "bulk":
		checkBulk(t, k, m)
	case "heartbeat":
		if m.IdlePingsSent == 0 || m.IdlePingsAnswered != m.IdlePingsSent {
			t.Errorf("%s: %d of %d pings answered, want all of some", k, m.IdlePingsAnswered, m.IdlePingsSent)
		}
	}
}

// checkChurn: the window's edges cut at most the connections in flight,
// so accepts and ctl syscalls per connection are checked within that.
func checkChurn(t *testing.T, k results.CellKey, m results.Metrics) {
	t.Helper()
	b, reqs, edge := m.Backend, m.Requests, uint64(k.Active)
	if b.Accepts+edge < reqs || b.Accepts > reqs+edge {
		t.Errorf("%s: %d accepts for %d connections (± %d in flight)", k, b.Accepts, reqs, edge)
	}
	if b.AcceptCalls < b.Accepts || b.AcceptCalls > 2*b.Accepts+edge {
		t.Errorf("%s: %d accept4 calls for %d accepts: want 1–2 each", k, b.AcceptCalls, b.Accepts)
	}
	perConn := float64(b.CtlSyscalls) / float64(reqs)
	switch {
	case k.Backend == "poll" && b.CtlSyscalls != 0:
		t.Errorf("%s: poll made %d ctl syscalls, want 0", k, b.CtlSyscalls)
	case k.Backend != "poll" && (b.CtlSyscalls+3*edge < 2*reqs || perConn > 3.5):
		t.Errorf("%s: %.2f epoll_ctl per connection, want ADD+DEL (2, LT 3)", k, perConn)
	}
}

func checkBulk(t *testing.T, k results.CellKey, m results.Metrics) {
	t.Helper()
	b := m.Backend
	if m.BytesVerified < m.Requests*uint64(k.MsgSize+handler.RPCHeaderSize) {
		t.Errorf("%s: %d bytes verified for %d replies of %d", k, m.BytesVerified, m.Requests, k.MsgSize)
	}
	if b.BackpressurePauses == 0 {
		t.Errorf("%s: no backpressure pause for a slow reader", k)
	}
	switch k.Backend {
	case "epoll_lt":
		if b.CtlSyscalls == 0 {
			t.Errorf("%s: LT made no epoll_ctl for write interest", k)
		}
	case "epoll_et":
		if b.CtlSyscalls != 0 {
			t.Errorf("%s: ET made %d epoll_ctl syscalls, want 0", k, b.CtlSyscalls)
		}
	case "poll":
		if b.InterestChanges == 0 || b.CtlSyscalls != 0 {
			t.Errorf("%s: poll interest changes %d (want > 0), ctl syscalls %d (want 0)", k, b.InterestChanges, b.CtlSyscalls)
		}
	}
}

func TestRunScenarioBadArgs(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{name: "unknown scenario", args: []string{"--scenario", "nope"}, want: `unknown scenario "nope"`},
		{name: "sweep with rpc", args: []string{"--handler", "rpc"}, want: "speaks echo only"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := exec.Command(bench(t), append([]string{"run", "--out", t.TempDir()}, tt.args...)...)
			b, err := cmd.CombinedOutput()
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != 2 || !strings.Contains(string(b), tt.want) {
				t.Fatalf("err %v, output %q: want exit 2 and %q", err, b, tt.want)
			}
		})
	}
}
