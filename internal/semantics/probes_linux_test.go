package semantics

import (
	"maps"
	"os"
	"testing"

	"github.com/muxbench/muxbench/internal/poller/epoll"
)

func TestOneByteReads(t *testing.T) {
	tests := []struct {
		mode         epoll.Mode
		first, later ReadCounts
	}{
		{mode: epoll.Level,
			first: ReadCounts{Wakeups: 7, BytesRead: 7, Read: "abcdef\n", Left: 0},
			later: ReadCounts{Wakeups: 3, BytesRead: 3, Read: "123", Left: 0}},
		// ET: one wakeup per arrival; "123" yields the old "b" and the
		// buffer holds the 5 old bytes behind it plus the 3 new ones.
		{mode: epoll.Edge,
			first: ReadCounts{Wakeups: 1, BytesRead: 1, Read: "a", Left: 6},
			later: ReadCounts{Wakeups: 1, BytesRead: 1, Read: "b", Left: 8}},
	}
	for _, tc := range tests {
		t.Run(tc.mode.String(), func(t *testing.T) {
			run, err := OneByteReads(tc.mode)
			if err != nil {
				t.Fatal(err)
			}
			if run.First != tc.first || run.Later != tc.later {
				t.Fatalf("got first %+v later %+v, want %+v %+v", run.First, run.Later, tc.first, tc.later)
			}
		})
	}
}

func TestIdleWritable(t *testing.T) {
	lt, err := IdleWritable(epoll.Level, SpinWindow)
	if err != nil {
		t.Fatal(err)
	}
	et, err := IdleWritable(epoll.Edge, SpinWindow)
	if err != nil {
		t.Fatal(err)
	}
	if et.Wakeups != 1 {
		t.Errorf("ET writable wakeups = %d, want 1", et.Wakeups)
	}
	if lt.Wakeups <= 100 {
		t.Errorf("LT writable wakeups = %d, want a busy loop (> 100)", lt.Wakeups)
	}
	if lt.Window != SpinWindow || lt.ThreadCPU <= 0 {
		t.Errorf("LT window %v, thread CPU %v: want the window and a measured CPU time", lt.Window, lt.ThreadCPU)
	}
}

func TestETRearm(t *testing.T) {
	tests := []struct {
		name  string
		rearm bool
		want  RearmCounts
	}{
		{"with MOD", true, RearmCounts{Rearm: true, Messages: 5, Rearms: 5, InitialOut: 1, OutOnly: 5, OutWithIn: 5}},
		{"without MOD", false, RearmCounts{Rearm: false, Messages: 5, Rearms: 0, InitialOut: 1, OutOnly: 0, OutWithIn: 5}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ETRearm(5, tc.rearm)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Fatalf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestFcntlNonblock(t *testing.T) {
	tests := []struct {
		name        string
		setfd       bool
		mode        epoll.Mode
		nonblocking bool
		blocked     bool
	}{
		{"F_SETFD LT reads once per wakeup", true, epoll.Level, false, false},
		{"F_SETFD ET drain blocks", true, epoll.Edge, false, true},
		{"F_SETFL ET drain ends on EAGAIN", false, epoll.Edge, true, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := FcntlNonblock(tc.setfd, tc.mode)
			if err != nil {
				t.Fatal(err)
			}
			if got.Nonblocking != tc.nonblocking || got.Blocked != tc.blocked || got.BytesRead != len(firstMessage) {
				t.Fatalf("got %+v, want nonblocking=%t blocked=%t and all %d bytes",
					got, tc.nonblocking, tc.blocked, len(firstMessage))
			}
		})
	}
}

func TestDispatch(t *testing.T) {
	// 7 events: OUT; 5 × IN|OUT; IN|OUT|ERR|HUP|RDHUP after the reset.
	wantSkipped := map[string]int{"OUT": 6, "ERR": 1, "HUP": 1, "RDHUP": 1}
	for _, mode := range []epoll.Mode{epoll.Level, epoll.Edge} {
		t.Run(mode.String(), func(t *testing.T) {
			d, err := Dispatch(mode, 5)
			if err != nil {
				t.Fatal(err)
			}
			if d.Events != 7 || d.FlagsPresent != 16 || d.ChainHandled != 7 || d.FullHandled != 16 ||
				d.SkippedEvents != 6 || !maps.Equal(d.ChainSkipped, wantSkipped) {
				t.Fatalf("got %+v", d)
			}
		})
	}
}

func TestOneshot(t *testing.T) {
	for _, mode := range []epoll.Mode{epoll.Level, epoll.Edge} {
		t.Run(mode.String(), func(t *testing.T) {
			got, err := Oneshot(mode)
			if err != nil {
				t.Fatal(err)
			}
			want := OneshotCounts{Mode: mode.String(), First: 1, Disarmed: 0, Rearmed: 1}
			if got != want {
				t.Fatalf("got %+v, want %+v", got, want)
			}
		})
	}
}

func TestHalfClose(t *testing.T) {
	for _, mode := range []epoll.Mode{epoll.Level, epoll.Edge} {
		t.Run(mode.String(), func(t *testing.T) {
			got, err := HalfClose(mode)
			if err != nil {
				t.Fatal(err)
			}
			want := RdhupCounts{Mode: mode.String(), RDHUP: true, HUP: false, ReadReturned: 0, ReplyDelivered: 3}
			if got != want {
				t.Fatalf("got %+v, want %+v", got, want)
			}
		})
	}
}

func TestRunClosesEveryFd(t *testing.T) {
	before := openFds(t)
	r, err := Run()
	if err != nil {
		t.Fatal(err)
	}
	if after := openFds(t); after != before {
		t.Errorf("open fds %d before, %d after", before, after)
	}
	if len(r.Findings) != 8 || r.Holding() != 8 {
		for _, f := range r.Findings {
			t.Logf("%s: %s", f.ID, f.Verdict)
		}
		t.Fatalf("%d findings, %d holding; want 8 and 8", len(r.Findings), r.Holding())
	}
}

func openFds(t *testing.T) int {
	t.Helper()
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatal(err)
	}
	return len(ents)
}
