// Package servertest is the conformance suite every backend runs with one
// line in its own test file:
//
//	func TestConformance(t *testing.T) {
//		servertest.Run(t, registry.MustLookup(registry.Poll))
//	}
//
// Every subtest starts a fresh server on 127.0.0.1:0 in the test process,
// drives it with real TCP clients, and on exit checks that Serve returned
// nil and that no fd or goroutine was left behind. Every loop is bounded in
// count and every connection has a deadline, so a broken backend fails the
// test instead of hanging it.
package servertest
