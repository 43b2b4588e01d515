// Package rlimit raises the process's open-files soft limit to its hard limit
// and reports both, so a tool that holds thousands of sockets can size itself
// from what the kernel will actually allow; Command starts a child under a
// lower limit (the fault scenarios' fd-limit floods).
package rlimit
