package results

import (
	"slices"
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

// TestTrialsCountFromOne: schema 1 numbered a cell's trials from 0; read
// now, they count from 1 as every label does, and a current file is left
// as written.
func TestTrialsCountFromOne(t *testing.T) {
	tests := []struct {
		in   string
		want []int
	}{
		{in: `{"schema":1,"cells":[{"backend":"poll","trials":[{"index":0},{"index":1},{"index":2,"counted":true}]}]}`, want: []int{1, 2, 3}},
		{in: `{"schema":2,"cells":[{"backend":"poll","trials":[{"index":1},{"index":2}]}]}`, want: []int{1, 2}},
	}
	for _, tc := range tests {
		r, err := Decode([]byte(tc.in))
		if err != nil {
			t.Fatal(err)
		}
		var got []int
		for _, tr := range r.Cells[0].Trials {
			got = append(got, tr.Index)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("schema %d: trials %v, want %v", r.Schema, got, tc.want)
		}
	}
}
