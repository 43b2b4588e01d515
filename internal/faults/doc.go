// Package faults holds muxbench's fault scenarios as reusable functions.
// Each one injects one kind of fault or hostile input into a running echo
// server (a Target) and returns what it measured: how many faults were
// injected, whether the server kept serving the clients that behaved, and
// what the server held before and after. The tests run every scenario
// against every backend in-process, scaled down; bench reliability runs
// them at full size against `bench serve --control` children, where the
// server's own fds, threads and RSS can be read from /proc.
//
// Scenarios:
//   - ResetStorm: N connections closed at once with SO_LINGER 0 (RST) while
//     an active client keeps echoing.
//   - HalfOpen: clients that send, shut down their write side and never
//     read again.
//   - SlowClients: a slowloris client (one byte per interval) and clients
//     that send large messages and never read, measuring the active
//     clients' p99 against a clean run and the server's memory.
//   - Flood: one connection writes a hostile burst and reads nothing
//     (HTTPFlood: one read of pipelined GETs for big replies; RPCFlood: one
//     read of costly rpc requests) while a probe client must be answered
//     within the usual timeout and the server's RSS stay bounded. The
//     target runs the handler the burst speaks.
//   - PortInUse, ConnRefused and FdLimit: start-up and connect failures
//     that must be reported as one clear error, not a crash or a hang.
package faults
