package cli

import (
	"strings"
	"testing"
	"time"
)

func newTestFlags(stderr *strings.Builder) *Flags {
	f := NewFlags("bench soak", "[--idle N] [--quick]", "hold load and report drift", stderr)
	f.Int("idle", 10000, "idle connections")
	f.Duration("duration", 5*time.Minute, "load `time` per backend")
	f.Bool("quick", false, "scaled down")
	f.String("out", "", "directory")
	f.Bool("q", false, "quiet")
	f.Note("exit status: 0 ok")
	return f
}

func TestHelp(t *testing.T) {
	var stderr strings.Builder
	f := newTestFlags(&stderr)
	code, done := f.Exit(f.Parse([]string{"-h"}))
	want := `usage: bench soak [--idle N] [--quick]

hold load and report drift

flags:
  --duration TIME  load time per backend (default 5m0s)
  --idle INT       idle connections (default 10000)
  --out STRING     directory
  -q               quiet
  --quick          scaled down

exit status: 0 ok
`
	if code != ExitOK || !done || stderr.String() != want {
		t.Fatalf("-h: exit %d, done %v, help:\n%s\nwant:\n%s", code, done, stderr.String(), want)
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
		done bool
		want string // in the one stderr line
	}{
		{name: "flags", args: []string{"--idle", "5", "--quick"}},
		{name: "unknown flag", args: []string{"--bogus"}, code: ExitBadArgs, done: true, want: "bench: soak: flag provided but not defined: -bogus (run 'bench soak -h' for the flags)"},
		{name: "bad value", args: []string{"--idle", "many"}, code: ExitBadArgs, done: true, want: `invalid value "many"`},
		{name: "stray argument", args: []string{"extra"}, code: ExitBadArgs, done: true, want: `unexpected argument "extra"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var stderr strings.Builder
			f := newTestFlags(&stderr)
			code, done := f.Exit(f.Parse(tc.args))
			lines := strings.Count(stderr.String(), "\n")
			if code != tc.code || done != tc.done || !strings.Contains(stderr.String(), tc.want) || (tc.done && lines != 1) {
				t.Fatalf("exit %d, done %v, stderr %q; want exit %d, done %v, one line containing %q", code, done, stderr.String(), tc.code, tc.done, tc.want)
			}
		})
	}
}

func TestParseInterleaved(t *testing.T) {
	var stderr strings.Builder
	f := newTestFlags(&stderr)
	pos, err := f.ParseInterleaved([]string{"old.json", "--idle", "7", "new.json", "--quick"})
	if err != nil || strings.Join(pos, " ") != "old.json new.json" || f.Lookup("idle").Value.String() != "7" {
		t.Fatalf("positional %q, %v, idle %s", pos, err, f.Lookup("idle").Value)
	}
}

func TestFail(t *testing.T) {
	var stderr strings.Builder
	if code := Fail(&stderr, "loadgen", ExitFailed, "cannot connect to %s", "127.0.0.1:1"); code != ExitFailed || stderr.String() != "loadgen: cannot connect to 127.0.0.1:1\n" {
		t.Fatalf("exit %d, %q", code, stderr.String())
	}
}

func TestLists(t *testing.T) {
	words := map[string]int{"max": -1}
	if got := List(" poll, ,epoll_et "); strings.Join(got, "|") != "poll|epoll_et" {
		t.Errorf("List = %q", got)
	}
	got, err := Counts("0, 10_000,max", words)
	if err != nil || FormatCounts(got, words) != "0,10000,max" {
		t.Errorf("Counts = %v, %v", got, err)
	}
	for _, bad := range []string{"", "ten", "-1"} {
		if _, err := Counts(bad, nil); err == nil {
			t.Errorf("Counts(%q) accepted", bad)
		}
	}
}

func TestPercent(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		err  bool
	}{
		{in: "10%", want: 0.1}, {in: "0.25", want: 0.25}, {in: "0%", want: 0},
		{in: "-5%", err: true}, {in: "ten", err: true}, {in: "", err: true},
	}
	for _, tc := range tests {
		got, err := Percent(tc.in)
		if (err != nil) != tc.err || got != tc.want {
			t.Errorf("Percent(%q) = %v, %v; want %v (error %v)", tc.in, got, err, tc.want, tc.err)
		}
	}
}
