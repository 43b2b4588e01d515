package handler

import (
	"bytes"
	"testing"
)

func TestEchoAppendsAndConsumesAll(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
		out  []byte
	}{
		{name: "empty", in: nil, out: nil},
		{name: "one byte", in: []byte("a"), out: nil},
		{name: "appends after existing output", in: []byte("xyz"), out: []byte("pending")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			prior := append([]byte(nil), tc.out...)
			n, got, err := Echo{}.Handle(tc.in, tc.out)
			if err != nil || n != len(tc.in) {
				t.Fatalf("Handle = %d, %v; want %d, nil", n, err, len(tc.in))
			}
			if want := append(prior, tc.in...); !bytes.Equal(got, want) {
				t.Fatalf("out = %q, want %q", got, want)
			}
		})
	}
}

func TestNewUnknownNamesKnownHandlers(t *testing.T) {
	_, err := New("nope", Options{})
	if err == nil || !bytes.Contains([]byte(err.Error()), []byte("echo")) {
		t.Fatalf("New(nope) error = %v, want one listing echo", err)
	}
}
