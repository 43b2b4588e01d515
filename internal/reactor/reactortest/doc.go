// Package reactortest measures a raw backend's steady state from inside the
// test process: one connection echoing 64-byte requests through a blocking
// raw socket (so the client itself makes no heap allocation), with the
// backend's own counters and runtime.MemStats read around the round trips.
package reactortest
