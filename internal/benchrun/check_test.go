package benchrun

import (
	"errors"
	"strings"
	"testing"
)

// TestCheck: a matrix whose every cell is n/a is refused before anything
// starts, with the reason and what to ask for instead; one runnable cell
// is enough to go on.
func TestCheck(t *testing.T) {
	tests := []struct {
		name     string
		backends []string
		idle     []int
		want     []string // nil: no error
	}{
		{name: "runnable", backends: []string{"select", "poll"}, idle: []int{0, 5000}},
		{name: "beyond the fd limit", backends: []string{"select", "poll"}, idle: []int{10_000_000},
			want: []string{"all 2 requested cells are n/a", "e.g. poll idle=10000000", "RLIMIT_NOFILE", "--idle max"}},
		{name: "above select's ceiling", backends: []string{"select"}, idle: []int{5000},
			want: []string{"e.g. select idle=5000", "FD_SETSIZE", "select holds at most", "another backend"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := LookupProfile("smoke")
			if err != nil {
				t.Fatal(err)
			}
			p.Backends, p.Idle, p.Active, p.Modes, p.Scenarios = tc.backends, tc.idle, []int{1}, []string{"closed"}, nil
			err = Check(Options{Profile: p, Handler: "echo", Exe: "bench", OutDir: t.TempDir()})
			if tc.want == nil {
				if err != nil {
					t.Fatalf("Check: %v", err)
				}
				return
			}
			if !errors.Is(err, ErrNothingToMeasure) {
				t.Fatalf("Check: %v, want ErrNothingToMeasure", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("%q lacks %q", err, w)
				}
			}
		})
	}
}
