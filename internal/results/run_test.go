package results

import (
	"strings"
	"testing"

	"github.com/muxbench/muxbench/internal/version"
)

// TestDecodeSchemas: every schema from OldestSchema on is read, a field
// an older file lacks is left nil, and an unknown schema is one error
// naming the range.
func TestDecodeSchemas(t *testing.T) {
	current, err := (&Run{Schema: SchemaVersion, Tool: &version.Info{Commit: "0123456789abcdef", Dirty: true}}).Encode()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		in     string
		commit string
		err    string
	}{
		{name: "schema 1 (no tool)", in: `{"schema":1,"cells":[]}`},
		{name: "current", in: string(current), commit: "0123456789abcdef"},
		{name: "too old", in: `{"schema":0}`, err: "schema 0, this bench reads schemas 1 to"},
		{name: "too new", in: `{"schema":99}`, err: "schema 99"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Decode([]byte(tc.in))
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want one containing %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := commitOf(r); got != tc.commit {
				t.Errorf("commit %q, want %q", got, tc.commit)
			}
		})
	}
}

func commitOf(r *Run) string {
	if r.Tool == nil {
		return ""
	}
	return r.Tool.Commit
}
