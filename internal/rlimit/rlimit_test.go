//go:build linux

package rlimit

import (
	"context"
	"strconv"
	"strings"
	"testing"
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
