//go:build linux

package rlimit

import "testing"

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
