package version

import (
	"fmt"
	"runtime"
	"runtime/debug"
)

// Info is one build's identity.
type Info struct {
	// Module is the main module's path and Version its version: a
	// pseudo-version derived from the commit (with +dirty for a modified
	// tree), a release tag, or "(devel)".
	Module  string `json:"module"`
	Version string `json:"version"`
	// Commit is the VCS revision, CommitTime its time (RFC 3339) and Dirty
	// whether the tree had uncommitted changes; all empty when the binary
	// carries no VCS stamp.
	Commit     string `json:"commit,omitempty"`
	CommitTime string `json:"commit_time,omitempty"`
	Dirty      bool   `json:"dirty,omitempty"`
	Go         string `json:"go"`
	// GOOS and GOARCH are the platform the binary was built for.
	GOOS   string `json:"goos"`
	GOARCH string `json:"goarch"`
}

// Get reads this binary's build information.
func Get() Info {
	i := Info{Module: "github.com/muxbench/muxbench", Version: "(devel)", Go: runtime.Version(), GOOS: runtime.GOOS, GOARCH: runtime.GOARCH}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return i
	}
	return fromBuildInfo(bi)
}

func fromBuildInfo(bi *debug.BuildInfo) Info {
	i := Info{Module: bi.Main.Path, Version: bi.Main.Version, Go: bi.GoVersion, GOOS: runtime.GOOS, GOARCH: runtime.GOARCH}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			i.Commit = s.Value
		case "vcs.time":
			i.CommitTime = s.Value
		case "vcs.modified":
			i.Dirty = s.Value == "true"
		}
	}
	return i
}

// String is one line for --version: the module, its version, the commit
// and whether the tree was dirty, and the Go version.
func (i Info) String() string {
	if i.Commit == "" {
		return fmt.Sprintf("%s %s, no VCS commit stamped (built outside a git checkout or with -buildvcs=false; make build stamps it), %s",
			i.Module, i.Version, i.Go)
	}
	state := "clean"
	if i.Dirty {
		state = "dirty: uncommitted changes"
	}
	return fmt.Sprintf("%s %s, commit %s (%s, %s), %s", i.Module, i.Version, i.Commit, i.CommitTime, state, i.Go)
}

// Build is the build in a few words, for a results table: the commit (12
// digits) and whether the tree was dirty, or that none was stamped, then
// the module version.
func (i Info) Build() string {
	if i.Commit == "" {
		return "no VCS commit stamped, version " + i.Version
	}
	state := "clean"
	if i.Dirty {
		state = "dirty: uncommitted changes"
	}
	return fmt.Sprintf("commit %s (%s), version %s", i.ShortCommit(), state, i.Version)
}

// ShortCommit is the commit's first 12 digits ("" when none was stamped).
func (i Info) ShortCommit() string { return i.Commit[:min(12, len(i.Commit))] }
