// Package machine describes the host a benchmark runs on: hostname, kernel,
// CPU model, core count, Go version and the open-files limits. It fills the
// static part of results.Machine; the fields that depend on what the run did
// (perf availability, CPU pinning) are set by the code that knows them.
package machine
