package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
)

func TestExport(t *testing.T) {
	tmp := t.TempDir()
	path := writeRun(t, filepath.Join(tmp, "run1"), reportFixture(1, 0))
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{name: "file", args: []string{path}, stdout: "BenchmarkEcho/backend=poll/idle=1000/active=1/mode=closed/msg=64 1000 "},
		{name: "directory", args: []string{"--format", "benchstat", filepath.Dir(path)}, stdout: "\nBenchmarkEcho/backend=epoll_et/idle=0/"},
		{name: "counts only", args: []string{"--deterministic-only", path}, stdout: " 3 loop-syscalls/req 1 wakeups/req 0 fds-scanned/req 0 ctl-syscalls/req 0 errors\n"},
		{name: "unknown format", args: []string{"--format", "csv", path}, code: exitBadArgs, stderr: `--format "csv": want benchstat`},
		{name: "no file", args: []string{filepath.Join(tmp, "none")}, code: exitBadArgs, stderr: "none"},
		{name: "two files", args: []string{path, path}, code: exitBadArgs, stderr: "want one RUN.json"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := runExport(tc.args, &stdout, &stderr); code != tc.code {
				t.Fatalf("exit %d, want %d; stderr %s", code, tc.code, stderr.String())
			}
			if !strings.Contains(stdout.String(), tc.stdout) || !strings.Contains(stderr.String(), tc.stderr) {
				t.Errorf("stdout lacks %q or stderr %q lacks %q:\n%s", tc.stdout, stderr.String(), tc.stderr, stdout.String())
			}
			if tc.code != exitOK && strings.Count(strings.TrimSpace(stderr.String()), "\n") != 0 {
				t.Errorf("a failure must give one line, got %q", stderr.String())
			}
		})
	}
}
