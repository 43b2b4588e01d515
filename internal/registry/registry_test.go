package registry

import (
	"flag"
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

// TestOptionFlags: a backend's own flag is accepted for it and refused,
// naming it, for every other backend; without it every backend resolves.
func TestOptionFlags(t *testing.T) {
	parse := func(args ...string) func(string) (NewServer, error) {
		fs := flag.NewFlagSet("serve", flag.ContinueOnError)
		resolve := OptionFlags(fs)
		if err := fs.Parse(args); err != nil {
			t.Fatal(err)
		}
		return resolve
	}
	for _, name := range Names() {
		if n, err := parse()(name); err != nil || n == nil {
			t.Errorf("%s without options: %v", name, err)
		}
		n, err := parse("--uring-entries", "64")(name)
		want := "--uring-entries is an option of the io_uring backend, not of " + name + ": drop it or use --backend io_uring"
		switch {
		case name == IOUring && (err != nil || n == nil):
			t.Errorf("io_uring with --uring-entries: %v", err)
		case name != IOUring && (err == nil || err.Error() != want):
			t.Errorf("%s with --uring-entries: %v, want %q", name, err, want)
		}
	}
	if _, err := parse()("kqueue"); err == nil {
		t.Error("unknown backend resolved")
	}
}
