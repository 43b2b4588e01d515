// Package rlimit raises the process's open-files soft limit to its hard limit
// and reports both, so a tool that holds thousands of sockets can size itself
// from what the kernel will actually allow.
package rlimit
