package benchrun

import (
	"strings"
	"testing"
)

func TestLimits(t *testing.T) {
	l := Limits{Soft: 20000, Hard: 20000, GeneratorMargin: 64}
	tests := []struct {
		name         string
		backend      string
		idle, active int
		naContains   string
	}{
		{"select fits", "select", 1000, 1, ""},
		{"select above FD_SETSIZE", "select", 1000, 16, "FD_SETSIZE"},
		{"select far above", "select", 5000, 1, "FD_SETSIZE"},
		{"poll at the largest idle", "poll", l.MaxIdle(16), 16, ""},
		{"beyond the fd limit", "epoll_et", 20000, 1, "RLIMIT_NOFILE is 20000"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			na := l.NA(tc.backend, tc.idle, tc.active)
			if tc.naContains == "" && na != "" || tc.naContains != "" && !strings.Contains(na, tc.naContains) {
				t.Fatalf("NA(%s, %d, %d) = %q, want %q", tc.backend, tc.idle, tc.active, na, tc.naContains)
			}
		})
	}
	if got := l.MaxIdle(16); got != 19800 {
		t.Errorf("MaxIdle(16) = %d, want 19800", got)
	}
}

func TestListeners(t *testing.T) {
	tests := []struct{ idle, active, want int }{
		{0, 1, 1}, {9999, 1, 1}, {10000, 1, 2}, {19800, 16, 2}, {20000, 1, 3},
	}
	for _, tc := range tests {
		if got := Listeners(tc.idle, tc.active); got != tc.want {
			t.Errorf("Listeners(%d, %d) = %d, want %d", tc.idle, tc.active, got, tc.want)
		}
	}
}

func TestProfilesValidate(t *testing.T) {
	for _, name := range ProfileNames() {
		p, err := LookupProfile(name)
		if err != nil {
			t.Fatal(err)
		}
		o := Options{Profile: p, Handler: "echo", Exe: "/bin/true", OutDir: t.TempDir()}
		if err := o.Validate(); err != nil {
			t.Errorf("profile %s: %v", name, err)
		}
		p.Idle[0] = 12345 // a copy: the table must not change
		if Profiles[name].Idle[0] == 12345 {
			t.Errorf("LookupProfile(%s) shares its slices with the table", name)
		}
	}
	if _, err := LookupProfile("nope"); err == nil {
		t.Error("unknown profile accepted")
	}
}
