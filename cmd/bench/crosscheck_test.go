package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestCrossCheck runs loadgen and Debian's sockperf against one backend's
// sockperf-handler child: both must measure it (no error, no message lost),
// and the table and finding must be written.
func TestCrossCheck(t *testing.T) {
	if _, err := exec.LookPath("sockperf"); err != nil {
		t.Skip("sockperf is not installed (apt-get install sockperf; .ci/run installs it)")
	}
	out := filepath.Join(t.TempDir(), "crosscheck.md")
	ctx, cancel := context.WithTimeout(context.Background(), runTimeout)
	defer cancel()
	b, err := exec.CommandContext(ctx, bench(t), "crosscheck", "--backends", "epoll_et", "--rounds", "2", "--duration", "500ms", "--out", out).CombinedOutput()
	if err != nil {
		t.Fatalf("bench crosscheck: %v\n%s", err, b)
	}
	md, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"| epoll_et", "crosscheck: over 1 backends"} {
		if !strings.Contains(string(md), want) {
			t.Errorf("crosscheck.md lacks %q:\n%s", want, md)
		}
	}
	if strings.Contains(string(md), "n/a") {
		t.Errorf("a backend was not measured:\n%s", md)
	}
}
