package server

import (
	"strings"
	"testing"
)

func TestFormat(t *testing.T) {
	s := Counters{Accepts: 3, BytesIn: 7, Unsupported: []string{"wait_calls"}}.Format()
	for _, want := range []string{"counters:\n", "  accepts:             3\n", "  bytes_in:            7", "  wait_calls:          n/a (not observable by this backend)"} {
		if !strings.Contains(s, want) {
			t.Errorf("%q lacks %q", s, want)
		}
	}
	if strings.Contains(s, "unsupported") || strings.HasSuffix(s, "\n") {
		t.Errorf("%q: the unsupported list is not a counter; no trailing newline", s)
	}
}

func TestParseAddrs(t *testing.T) {
	tests := []struct {
		list, err string
		n         int
	}{
		{list: "127.0.0.1:0,127.0.0.1:9000", n: 2},
		{list: "localhost:80", n: 1},
		{list: "127.0.0.1", err: `bad address "127.0.0.1"`},
		{list: "127.0.0.1:99999", err: "not a number in 0..65535"},
		{list: "example.com:80", err: "IP address or localhost"},
	}
	for _, tc := range tests {
		got, err := ParseAddrs(tc.list)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("ParseAddrs(%q) = %v, %v; want an error mentioning %q", tc.list, got, err, tc.err)
			}
			continue
		}
		if err != nil || len(got) != tc.n {
			t.Errorf("ParseAddrs(%q) = %v, %v; want %d addresses", tc.list, got, err, tc.n)
		}
	}
}
