package benchrun

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/muxbench/muxbench/internal/results"
)

// longTrial is a trial whose progress line is as long as they get: a long
// cell name, the counted mark, two flags and every figure.
func longTrial(i int) (results.CellKey, results.Trial) {
	sys := 3.4577
	k := results.CellKey{Scenario: "echo", Backend: "epoll_et", Idle: 10000, Active: 16, Mode: "open", Rate: 20000}
	return k, results.Trial{Index: i, Counted: true, Flags: []string{"loadgen-bound", "idle-short"}, Metrics: results.Metrics{
		Requests: 1000, ReqPerSec: 19876, Latency: results.Latency{P50: 25.599, P99: 1663.75},
		ServerCPUUsPerReq: 20.05, SyscallsPerReq: &sys}}
}

// TestProgressFitsTheTerminal: on a terminal of any width every redraw of
// the bar (and the blanking before the next) stays within the width, so
// nothing wraps; a wide terminal shows the whole account of the trial.
func TestProgressFitsTheTerminal(t *testing.T) {
	for _, cols := range []int{200, 141, 120, 100, 80, 60, 40} {
		var out bytes.Buffer
		p := newProgressCols(&out, true, 120, func() int { return cols })
		for i := range 120 {
			p.done(longTrial(i%4 + 1))
		}
		p.finish()
		for _, seg := range regexp.MustCompile("[\r\n]").Split(out.String(), -1) {
			if n := utf8.RuneCountInString(seg); n >= cols {
				t.Errorf("%d columns: a redraw of %d: %q", cols, n, seg)
			}
		}
		if cols == 200 && !strings.Contains(out.String(), "19876 req/s p50 25.6µs p99 1.66ms cpu 20.1µs/req") {
			t.Errorf("200 columns: the line lost figures:\n%q", out.String())
		}
		if cols == 120 && !strings.Contains(out.String(), "echo/epoll_et/idle=10000/active=16/open@20000 t1 (counted): [load…") {
			t.Errorf("120 columns: the cell or the start of its flags is missing:\n%q", out.String())
		}
	}
}

// TestProgressFollowsAResize: the line is fitted to the width at each
// redraw, not the width when the run began.
func TestProgressFollowsAResize(t *testing.T) {
	var out bytes.Buffer
	cols := 200
	p := newProgressCols(&out, true, 2, func() int { return cols })
	p.done(longTrial(1))
	cols = 60
	p.done(longTrial(2))
	p.finish()
	segs := regexp.MustCompile("[\r\n]").Split(out.String(), -1)
	last := ""
	for _, s := range segs {
		if strings.Contains(s, "100%") {
			last = s
		}
	}
	if n := utf8.RuneCountInString(last); last == "" || n >= 60 {
		t.Errorf("after a resize to 60 columns the last redraw is %d wide: %q", n, last)
	}
}

func TestFit(t *testing.T) {
	parts := []piece{{text: "echo/poll/idle=0/active=1/closed t1:"}, {text: "[idle-short]"},
		{text: "9853 req/s", figure: true}, {text: "p50 25.6µs", figure: true}}
	tests := []struct {
		cols int
		want string
	}{
		{cols: 100, want: "echo/poll/idle=0/active=1/closed t1: [idle-short] 9853 req/s p50 25.6µs"},
		{cols: 71, want: "echo/poll/idle=0/active=1/closed t1: [idle-short] 9853 req/s p50 25.6µs"},
		{cols: 70, want: "echo/poll/idle=0/active=1/closed t1: [idle-short] 9853 req/s"},
		{cols: 59, want: "echo/poll/idle=0/active=1/closed t1: [idle-short]"},
		{cols: 45, want: "echo/poll/idle=0/active=1/closed t1: [idle-s…"},
		{cols: 10, want: "echo/poll…"},
		{cols: 1, want: ""},
		{cols: 0, want: ""},
	}
	for _, tc := range tests {
		got := fit(parts, tc.cols)
		if got != tc.want || utf8.RuneCountInString(got) > tc.cols {
			t.Errorf("fit(%d) = %q, want %q", tc.cols, got, tc.want)
		}
	}
}

// TestPlainLines: off a terminal (a log, CI) every trial is one whole
// line, however long.
func TestPlainLines(t *testing.T) {
	var out bytes.Buffer
	p := newProgressCols(&out, false, 2, func() int { return 40 })
	p.done(longTrial(1))
	p.done(longTrial(2))
	p.finish()
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[1], "[2/2 0s, eta 0s] echo/epoll_et/idle=10000/active=16/open@20000 t2 (counted): [loadgen-bound,idle-short] 19876 req/s p50 25.6µs p99 1.66ms") {
		t.Errorf("plain lines:\n%s", out.String())
	}
}
