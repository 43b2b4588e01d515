package main

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/muxbench/muxbench/internal/semantics"
)

func TestSemanticsWritesBothFiles(t *testing.T) {
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	if code := runSemantics([]string{"--out", dir}, &stdout, &stderr); code != exitOK {
		t.Fatalf("exit %d, stderr %q", code, stderr.String())
	}
	js, err := os.ReadFile(filepath.Join(dir, "semantics.json"))
	if err != nil {
		t.Fatal(err)
	}
	var r semantics.Report
	if err := json.Unmarshal(js, &r); err != nil {
		t.Fatal(err)
	}
	if len(r.Findings) != 8 || r.Machine.Kernel == "" || r.Machine.GoVersion == "" || r.Machine.Cores < 1 {
		t.Fatalf("semantics.json: %d findings, machine %+v", len(r.Findings), r.Machine)
	}
	md, err := os.ReadFile(filepath.Join(dir, "semantics.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{r.Machine.Kernel, "| 7b ", `EPOLLIN\|EPOLLOUT`, "How it was measured"} {
		if !strings.Contains(string(md), want) {
			t.Errorf("semantics.md lacks %q", want)
		}
	}
	if !strings.Contains(stdout.String(), "claims hold") {
		t.Errorf("stdout lacks the summary line: %q", stdout.String())
	}
}

func TestSemanticsBadArgs(t *testing.T) {
	tests := []struct {
		name string
		args []string
	}{
		{"unknown flag", []string{"--bogus"}},
		{"stray argument", []string{"extra"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if code := runSemantics(tc.args, io.Discard, io.Discard); code != exitBadArgs {
				t.Fatalf("exit %d, want %d", code, exitBadArgs)
			}
		})
	}
}
