package registry

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/muxbench/muxbench/internal/handler"
	"github.com/muxbench/muxbench/internal/server"
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
		case b.Kind < EventLoop || b.Kind > External:
			t.Errorf("%s: unknown kind %v", b.Name, b.Kind)
		case (b.Kind == External) != (b.Program != ""):
			t.Errorf("%s: a program (%q) is what an External backend is, and only it", b.Name, b.Program)
		case b.Kind == External && (len(b.Handlers) == 0 || b.Available == nil):
			t.Errorf("%s: a program names the handlers it speaks and says when it is missing", b.Name)
		}
		seen[b.Name] = true
	}
	for _, n := range []string{Select, Poll, EpollLT, EpollET, Netpoll, IOUring, CEpoll} {
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
		{name: "kqueue", wantErr: `unknown backend "kqueue" (known: select, poll, epoll_lt, epoll_et, netpoll, io_uring, c_epoll)`},
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

// TestProgram: an External backend's program is found beside this
// executable or where its variable says; a missing or unusable one makes
// it unavailable with the reason, and so does every handler then.
func TestProgram(t *testing.T) {
	b := MustLookup(CEpoll)
	dir := t.TempDir()
	built := filepath.Join(dir, "c_epoll")
	if err := os.WriteFile(built, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	plain := filepath.Join(dir, "plain")
	if err := os.WriteFile(plain, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	exe, _ := os.Executable()
	tests := []struct {
		name, env, path, why string
	}{
		{name: "beside the executable", path: filepath.Join(filepath.Dir(exe), "c_epoll"), why: "c_epoll not built: no "},
		{name: "override", env: built, path: built},
		{name: "override missing", env: filepath.Join(dir, "nope"), path: filepath.Join(dir, "nope"), why: "MUXBENCH_C_EPOLL=" + dir + "/nope: stat"},
		{name: "not executable", env: plain, path: plain, why: "is not an executable file"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv(b.ProgramEnv(), tc.env)
			if got, err := b.ProgramPath(); err != nil || got != tc.path {
				t.Errorf("ProgramPath() = %q, %v; want %q", got, err, tc.path)
			}
			why := b.CannotServe("echo")
			if tc.why == "" && why != "" || tc.why != "" && !strings.Contains(why, tc.why) {
				t.Errorf("CannotServe(echo) = %q, want %q", why, tc.why)
			}
			if tc.why == "" {
				return
			}
			cfg := server.Config{Addrs: []string{"127.0.0.1:0"}, Handler: handler.Echo{}}
			if srv, err := b.New(cfg); err == nil || err.Error() != why {
				t.Errorf("New without the program: %v, %v; want %q", srv, err, why)
			}
		})
	}
	if _, err := MustLookup(Poll).ProgramPath(); err == nil {
		t.Error("ProgramPath of a Go backend succeeded")
	}
}

func TestCannotServe(t *testing.T) {
	t.Setenv(MustLookup(CEpoll).ProgramEnv(), os.Args[0]) // an executable: available
	tests := []struct {
		backend, handler, want string
	}{
		{backend: EpollET, handler: "rpc"},
		{backend: CEpoll, handler: "echo"},
		{backend: CEpoll, handler: "rpc", want: "c_epoll speaks the echo handler only, not rpc"},
	}
	for _, tc := range tests {
		if got := MustLookup(tc.backend).CannotServe(tc.handler); got != tc.want {
			t.Errorf("%s CannotServe(%s) = %q, want %q", tc.backend, tc.handler, got, tc.want)
		}
	}
}
