package rlimit

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

func TestRaiseReachesHard(t *testing.T) {
	got, err := Raise()
	if err != nil {
		t.Fatalf("Raise: %v", err)
	}
	if got.Soft != got.Hard {
		t.Fatalf("soft %d != hard %d after Raise", got.Soft, got.Hard)
	}
	cur, err := Current()
	if err != nil {
		t.Fatalf("Current: %v", err)
	}
	if cur != got {
		t.Fatalf("Current %+v, Raise reported %+v", cur, got)
	}
}

func TestCommandSetsTheLimit(t *testing.T) {
	tests := []struct {
		limit int
		want  string
	}{
		{limit: 64, want: "64"},
		{limit: 0, want: ""},
	}
	cur, err := Current()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range tests {
		want := tc.want
		if want == "" {
			want = strconv.FormatUint(cur.Hard, 10)
		}
		out, err := Command(context.Background(), tc.limit, "/bin/sh", "-c", "ulimit -Hn").Output()
		if err != nil || strings.TrimSpace(string(out)) != want {
			t.Errorf("limit %d: child's hard limit %q, %v; want %s", tc.limit, out, err, want)
		}
	}
}

// TestExhaust: after Exhaust the next fd fails with EMFILE; after restore
// it opens again.
func TestExhaust(t *testing.T) {
	open := func() error {
		fd, err := unix.Open("/dev/null", unix.O_RDONLY|unix.O_CLOEXEC, 0)
		if err == nil {
			unix.Close(fd)
		}
		return err
	}
	restore, err := Exhaust()
	if err != nil {
		t.Fatal(err)
	}
	exhausted := open()
	if err := restore(); err != nil {
		t.Fatal(err)
	}
	if exhausted != unix.EMFILE {
		t.Fatalf("open after Exhaust = %v, want EMFILE", exhausted)
	}
	if err := open(); err != nil {
		t.Fatalf("open after restore = %v", err)
	}
}
