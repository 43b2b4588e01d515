package export

import (
	"slices"

	"golang.org/x/perf/benchfmt"

	"github.com/muxbench/muxbench/internal/results"
)

// Config is the file configuration of run: the machine and the build,
// then "run" when set. A value the run did not record is left out.
func Config(run *results.Run, label string) []benchfmt.Config {
	m, goos, goarch, commit := run.Machine, "linux", "", ""
	if t := run.Tool; t != nil {
		goos, goarch, commit = t.GOOS, t.GOARCH, t.Commit
		if commit != "" && t.Dirty {
			commit += "+dirty"
		}
	}
	pairs := [][2]string{{"goos", goos}, {"goarch", goarch}, {"pkg", "github.com/muxbench/muxbench"},
		{"cpu", m.CPUModel}, {"kernel", m.Kernel}, {"go", m.GoVersion}, {"commit", commit}, {"run", label}}
	var out []benchfmt.Config
	for _, p := range pairs {
		if p[1] != "" {
			out = append(out, benchfmt.Config{Key: p[0], Value: []byte(p[1]), File: true})
		}
	}
	return out
}

// Differing are the configuration keys whose values differ between two
// runs (a key one lacks counts), "run" aside: what benchstat must -ignore
// to put them in one table.
func Differing(a, b *results.Run) []string {
	values := func(r *results.Run) map[string]string {
		m := map[string]string{}
		for _, c := range Config(r, "") {
			m[c.Key] = string(c.Value)
		}
		return m
	}
	va, vb := values(a), values(b)
	var keys []string
	for _, c := range append(Config(a, ""), Config(b, "")...) {
		if va[c.Key] != vb[c.Key] && !slices.Contains(keys, c.Key) {
			keys = append(keys, c.Key)
		}
	}
	return keys
}
