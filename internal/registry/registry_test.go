package registry

import (
	"strings"
	"testing"
)

func TestRegistryIsConsistent(t *testing.T) {
	seen := map[string]bool{}
	for _, b := range All {
		switch {
		case b.Name == "" || b.New == nil || b.Waits == "":
			t.Errorf("%+v: name, constructor and Waits are required", b)
		case seen[b.Name]:
			t.Errorf("%s registered twice", b.Name)
		case (b.FdLimit == 0) != (b.FdLimitWhy == ""):
			t.Errorf("%s: FdLimit %d needs a reason and only then (%q)", b.Name, b.FdLimit, b.FdLimitWhy)
		case b.Kind != EventLoop && b.Kind != Runtime && b.Kind != Completion:
			t.Errorf("%s: unknown kind %v", b.Name, b.Kind)
		}
		seen[b.Name] = true
	}
	for _, n := range []string{Select, Poll, EpollLT, EpollET, Netpoll, IOUring} {
		if !seen[n] {
			t.Errorf("named backend %s is not registered", n)
		}
	}
}

func TestLookup(t *testing.T) {
	tests := []struct {
		name    string
		wantErr string
	}{
		{name: Poll},
		{name: "kqueue", wantErr: `unknown backend "kqueue" (known: select, poll, epoll_lt, epoll_et, netpoll, io_uring)`},
	}
	for _, tt := range tests {
		b, err := Lookup(tt.name)
		switch {
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("Lookup(%q) error = %v, want %q", tt.name, err, tt.wantErr)
		case tt.wantErr == "" && (err != nil || b.Name != tt.name):
			t.Errorf("Lookup(%q) = %v, %v", tt.name, b.Name, err)
		}
	}
}

func TestMaxConns(t *testing.T) {
	if got, want := MustLookup(Select).MaxConns(1), FdSetSize-ServeReserve-1; got != want {
		t.Errorf("select MaxConns(1) = %d, want %d", got, want)
	}
	if got := MustLookup(EpollET).MaxConns(3); got != -1 {
		t.Errorf("epoll_et MaxConns = %d, want -1 (no fd limit)", got)
	}
}
