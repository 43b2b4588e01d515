// Package registry is the one source of backend facts: every backend's name
// (as given to --backend and written in results), its constructor, how it
// waits, what kind of loop it is, the first fd it cannot watch and why,
// which of the backend counters it can observe, and the flags of its own
// options beyond server.Config (OptionFlags). Profiles, limits, soak, the
// report's named comparisons and the conformance suite all read it; adding a
// backend means one package under servers/ and one entry in All.
//
// # Programs of their own
//
// An External backend (c_epoll, the C floor) is a program, not a Go
// constructor: it takes bench serve's flags and speaks internal/control's
// protocol itself. Its program is looked up beside the running executable
// (bin/c_epoll beside bin/bench, where `make build` puts both), or at the
// path in its ProgramEnv variable (MUXBENCH_C_EPOLL) when that is set;
// tests set it to a build of their own. When the program is not there,
// Available says so in one line and every cell of it is n/a with that
// reason. Its Handlers are the only handlers it speaks. New starts it as a
// child behind a control.Proxy (for the conformance suite and `bench
// serve`); bench run starts the program itself, so that its CPU, context
// switches and syscalls are the program's own.
//
// It lives outside servers/ so that no backend imports another.
package registry
