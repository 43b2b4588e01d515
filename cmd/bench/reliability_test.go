package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/muxbench/muxbench/internal/registry"
	"github.com/muxbench/muxbench/internal/reliability"
)

// TestReliabilityQuick runs `bench reliability --quick` on one backend and
// checks it wrote both files with every scenario survived, the floods
// among them.
func TestReliabilityQuick(t *testing.T) {
	out := t.TempDir()
	cmd := exec.Command(bench(t), "reliability", "--quick", "--backend", "epoll_et", "--out", out)
	b, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("bench reliability: %v\n%s", err, b)
	}
	var rep reliability.Report
	js, err := os.ReadFile(filepath.Join(out, "reliability.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(js, &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Backends) != 1 || !rep.Backends[0].AllSurvived() {
		t.Fatalf("report: %+v", rep.Backends)
	}
	if r := rep.Backends[0]; r.HTTPFlood.Written == 0 || r.RPCFlood.Written == 0 || r.HTTPFlood.Before.RSSBytes == 0 {
		t.Errorf("floods not run against a child: %+v, %+v", r.HTTPFlood, r.RPCFlood)
	}
	md, err := os.ReadFile(filepath.Join(out, "reliability.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"| epoll_et | 1", "| epoll_et | pipelined-http | 3640 | 5/5 |", "| epoll_et | rpc-work | 2730 | 5/5 |"} {
		if !strings.Contains(string(md), want) {
			t.Errorf("reliability.md lacks %q:\n%s", want, md)
		}
	}
}

// TestSoakShort soaks select with more idle connections than it can watch:
// the fleet is capped below FD_SETSIZE and said so, the server returns to
// its baseline, and soak.md is written.
func TestSoakShort(t *testing.T) {
	out := t.TempDir()
	cmd := exec.Command(bench(t), "soak", "--duration", "1s", "--interval", "200ms", "--idle", "1100", "--active", "2", "--backend", "select", "--out", out)
	b, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("bench soak: %v\n%s", err, b)
	}
	if !strings.Contains(string(b), "select") || !strings.Contains(string(b), "yes") {
		t.Fatalf("soak output:\n%s", b)
	}
	md, err := os.ReadFile(filepath.Join(out, "soak.md"))
	if err != nil {
		t.Fatal(err)
	}
	limit := registry.MustLookup(registry.Select).MaxConns(1) - 2
	for _, want := range []string{fmt.Sprintf("| select | %d / %d |", limit, limit), fmt.Sprintf("idle capped at %d", limit), "| yes |"} {
		if !strings.Contains(string(md), want) {
			t.Errorf("soak.md lacks %q:\n%s", want, md)
		}
	}
}

func TestFaultCommandsBadArgs(t *testing.T) {
	for _, args := range [][]string{
		{"chaos"},
		{"chaos", "--addr", "nohost"},
		{"soak", "--duration", "0s"},
		{"soak", "--backend", "nope"},
		{"reliability", "--backend", "nope"},
		{"reliability", "extra-flag-value", "--bogus"},
	} {
		cmd := exec.Command(bench(t), args...)
		b, err := cmd.CombinedOutput()
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != exitBadArgs || strings.Count(strings.TrimSpace(string(b)), "\n") != 0 {
			t.Errorf("bench %v: %v, output %q; want exit 2 and one line", args, err, b)
		}
	}
}
