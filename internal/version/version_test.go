package version

import (
	"runtime/debug"
	"strings"
	"testing"
)

func TestFromBuildInfo(t *testing.T) {
	stamped := func(modified string) *debug.BuildInfo {
		return &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "github.com/muxbench/muxbench", Version: "v0.0.0-20261201203300-0123456789ab+dirty"},
			Settings: []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: "0123456789abcdef"},
				{Key: "vcs.time", Value: "2026-12-01T20:33:00Z"}, {Key: "vcs.modified", Value: modified}}}
	}
	tests := []struct {
		name  string
		bi    *debug.BuildInfo
		dirty bool
		want  []string
		build string // Build()
	}{
		{name: "dirty", bi: stamped("true"), dirty: true, want: []string{"commit 0123456789abcdef", "dirty", "+dirty", "go1.26.8"},
			build: "commit 0123456789ab (dirty: uncommitted changes), version v0.0.0-20261201203300-0123456789ab+dirty"},
		{name: "clean", bi: stamped("false"), want: []string{"commit 0123456789abcdef", "(2026-12-01T20:33:00Z, clean)"},
			build: "commit 0123456789ab (clean), version v0.0.0-20261201203300-0123456789ab+dirty"},
		{name: "not stamped", bi: &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "github.com/muxbench/muxbench", Version: "(devel)"}},
			want: []string{"(devel)", "no VCS commit stamped"}, build: "no VCS commit stamped, version (devel)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			i := fromBuildInfo(tc.bi)
			if i.Dirty != tc.dirty {
				t.Errorf("dirty %v, want %v", i.Dirty, tc.dirty)
			}
			if got := i.Build(); got != tc.build {
				t.Errorf("Build() = %q, want %q", got, tc.build)
			}
			for _, w := range tc.want {
				if !strings.Contains(i.String(), w) {
					t.Errorf("%q lacks %q", i.String(), w)
				}
			}
		})
	}
}

func TestGet(t *testing.T) {
	if i := Get(); i.Module == "" || i.Go == "" || i.GOOS == "" || i.GOARCH == "" {
		t.Fatalf("Get() = %+v", i)
	}
}
