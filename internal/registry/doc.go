// Package registry is the one source of backend facts: every backend's name
// (as given to --backend and written in results), its constructor, how it
// waits, what kind of loop it is, the first fd it cannot watch and why,
// which of the backend counters it can observe, and the flags of its own
// options beyond server.Config (OptionFlags). Profiles, limits, soak, the
// report's named comparisons and the conformance suite all read it; adding a
// backend means one package under servers/ and one entry in All.
//
// It lives outside servers/ so that no backend imports another.
package registry
