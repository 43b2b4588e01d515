package soak

import (
	"strings"
	"testing"
	"time"

	"github.com/muxbench/muxbench/internal/loadgen"
	"github.com/muxbench/muxbench/internal/procstat"
)

func TestBackToBaseline(t *testing.T) {
	tests := []struct {
		name string
		r    Result
		want bool
	}{
		{name: "clean", r: Result{Drift: procstat.Resources{Fds: 2, Threads: 1}}, want: true},
		{name: "socket left", r: Result{Drift: procstat.Resources{Sockets: 1}}},
		{name: "error", r: Result{Err: "server exit: killed"}},
		{name: "verify errors", r: Result{Errors: loadgen.Errors{Mismatch: 1}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.r.BackToBaseline(); got != tc.want {
				t.Fatalf("BackToBaseline = %v, want %v", got, tc.want)
			}
		})
	}
}

// TestMarkdown: a row per backend, the cap and error notes, and the peak
// kept from the samples.
func TestMarkdown(t *testing.T) {
	var r Result
	r.peak(procstat.Resources{Fds: 10, Threads: 3})
	r.peak(procstat.Resources{Fds: 7, Threads: 5})
	r.Backend, r.Idle, r.IdleRequested, r.Note = "select", 1006, 1006, "idle capped at 1006: select(2)"
	bad := Result{Backend: "poll", Idle: 10, IdleRequested: 10, Err: "boom"}
	md := Markdown(Options{Duration: time.Second, Interval: time.Second, Idle: 2000, Active: 2}, []Result{r, bad})
	for _, want := range []string{"| select | 1006 / 1006 | 0 | 0 | 10 | 5 |", "| poll | 10 / 10 |", "- select: idle capped at 1006", "- poll: error: boom", "| **NO** |"} {
		if !strings.Contains(md, want) {
			t.Errorf("soak.md lacks %q:\n%s", want, md)
		}
	}
}
