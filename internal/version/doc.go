// Package version says which build of muxbench is running: the module
// version and the VCS commit it was built from, with a dirty flag, as the
// Go toolchain stamped them into the binary (runtime/debug.ReadBuildInfo).
// `make build` passes -buildvcs=auto so that a build from a git checkout is
// stamped even where GOFLAGS turns stamping off; a binary built elsewhere
// (a test binary, a git worktree, which the go command does not recognise
// as a checkout) says it has no commit rather than guessing. The same Info
// can go into results as their provenance.
package version
