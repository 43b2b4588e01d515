package handler

import (
	"bytes"
	"errors"
	"testing"
)

// frameCase is one Handle call and what it must do.
type frameCase struct {
	name     string
	in       []byte
	consumed int
	out      []byte // replies appended after the prior output
	err      error  // checked with errors.Is; nil means none
}

// prior is output already pending before the call: Handle must append after
// it and leave it untouched.
var prior = []byte("pending")

func runFrameCases(t *testing.T, h Handler, cases []frameCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := append([]byte(nil), prior...)
			n, got, err := h.Handle(tc.in, before)
			if !errors.Is(err, tc.err) || (tc.err == nil && err != nil) {
				t.Fatalf("err = %v, want %v", err, tc.err)
			}
			if n != tc.consumed {
				t.Fatalf("consumed = %d, want %d", n, tc.consumed)
			}
			if !bytes.HasPrefix(got, prior) {
				t.Fatalf("prior output rewritten: %q", got)
			}
			if rest := got[len(prior):]; !bytes.Equal(rest, tc.out) {
				t.Fatalf("replies =\n%q\nwant\n%q", rest, tc.out)
			}
		})
	}
}

// checkInvariants holds for any input: what the fuzzers assert.
func checkInvariants(t *testing.T, h Handler, in []byte) (int, []byte, error) {
	t.Helper()
	before := append([]byte(nil), prior...)
	n, got, err := handleAll(t, h, in, before)
	if !bytes.HasPrefix(got, prior) {
		t.Fatalf("prior output rewritten")
	}
	return n, got[len(prior):], err
}

// handleAll calls h as a backend does: again on the rest after every
// ErrYield, which must come with progress. It returns the totals.
func handleAll(t *testing.T, h Handler, in, out []byte) (int, []byte, error) {
	t.Helper()
	total := 0
	for {
		n, got, err := h.Handle(in[total:], out)
		if n < 0 || n > len(in)-total {
			t.Fatalf("consumed %d of %d", n, len(in)-total)
		}
		if err == ErrYield && n == 0 {
			t.Fatalf("yielded without consuming anything (%d bytes left)", len(in)-total)
		}
		total, out = total+n, got
		if err != ErrYield {
			return total, out, err
		}
	}
}

func cat(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
