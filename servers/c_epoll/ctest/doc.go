// Package ctest tests c_epoll, the C floor in the parent directory.
// TestCEpoll builds the C program with the system's C compiler (cc, or $CC;
// a missing compiler fails the test) into a temporary directory, starts it
// as a `--control` child on 127.0.0.1:0 for each check, and drives it over
// TCP and its control pipe: echo, backpressure and resume, half-close,
// resets, a fleet of connections, fd exhaustion, the control commands, the
// stop paths and the flags; and the conformance suite every Go backend
// runs (internal/servertest), through c_epoll's registry entry. The checks
// drive it with internal/control's Child, as bench does; a raw launcher
// stays for those that read the wire, the exit status and stderr beneath
// that client. When the compiler has AddressSanitizer and UBSan, most
// checks run again against that build, whose every exit is checked for
// memory errors and leaks.
//
// The package holds tests only; the directory above it holds no Go file,
// so Go ignores the C sources there.
package ctest
