package export

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"golang.org/x/perf/benchfmt"

	"github.com/muxbench/muxbench/internal/analysis"
	"github.com/muxbench/muxbench/internal/results"
)

// Options choose what a Benchstat writer writes.
type Options struct {
	// DeterministicOnly writes the deterministic counts only.
	DeterministicOnly bool
	// Run, when set, is the configuration key "run": two runs written to
	// one stream are then told apart with benchstat -col run.
	Run string
}

// Benchstat writes runs in the Go benchmark format; one writer may take
// several runs, each with its own configuration.
type Benchstat struct {
	w     *benchfmt.Writer
	units bool
}

// NewBenchstat writes to w.
func NewBenchstat(w io.Writer) *Benchstat { return &Benchstat{w: benchfmt.NewWriter(w)} }

// WriteBenchstat writes one run to w.
func WriteBenchstat(w io.Writer, run *results.Run, opt Options) error {
	return NewBenchstat(w).Write(run, opt)
}

// Write writes one line per valid trial of every cell of run, after the
// unit metadata (once per writer); a trial flagged only loadgen-bound gets
// a line with the server cost metrics alone, as the tables read it
// (analysis.Metric.Keeps).
func (b *Benchstat) Write(run *results.Run, opt Options) error {
	if !b.units {
		b.units = true
		if err := b.writeUnits(); err != nil {
			return err
		}
	}
	config := Config(run, opt.Run)
	for _, c := range run.Cells {
		counted := cellCounted(c)
		for _, t := range c.Trials {
			vals := trialValues(t, counted, opt.DeterministicOnly)
			if len(vals) == 0 {
				continue
			}
			res := &benchfmt.Result{Config: config, Name: Name(c.CellKey), Iters: max(int(t.Metrics.Requests), 1), Values: vals}
			if err := b.w.Write(res); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeUnits declares every unit's better direction, and which are exact.
func (b *Benchstat) writeUnits() error {
	for _, m := range analysis.Metrics {
		u := unitOf(m)
		better := "higher"
		if m.LowerIsBetter {
			better = "lower"
		}
		meta := []benchfmt.UnitMetadata{{UnitMetadataKey: benchfmt.UnitMetadataKey{Key: "better"}, OrigUnit: u.name, Value: better}}
		if u.exact {
			meta = append(meta, benchfmt.UnitMetadata{UnitMetadataKey: benchfmt.UnitMetadataKey{Key: "assume"}, OrigUnit: u.name, Value: "exact"})
		}
		for i := range meta {
			if err := b.w.Write(&meta[i]); err != nil {
				return err
			}
		}
	}
	return nil
}

func cellCounted(c results.Cell) bool {
	for _, t := range c.Trials {
		if t.Counted {
			return true
		}
	}
	return false
}

// trialValues are the catalogue's figures of one trial that it can give,
// in benchstat's units.
func trialValues(t results.Trial, cellCounted, deterministicOnly bool) []benchfmt.Value {
	var vals []benchfmt.Value
	for _, m := range analysis.Metrics {
		if (deterministicOnly && !m.Deterministic) || !m.Keeps(t) || !m.Source.Uses(t, cellCounted) {
			continue
		}
		if v, why := m.Value(t); why == "" {
			u := unitOf(m)
			vals = append(vals, benchfmt.Value{Value: v * u.factor, Unit: u.name})
		}
	}
	return vals
}

// Name is a cell's benchmark name without the "Benchmark" prefix: the
// scenario in CamelCase, then every dimension as key=value.
func Name(k results.CellKey) benchfmt.Name {
	parts := []string{camel(k.Scenario), "backend=" + k.Backend, "idle=" + strconv.Itoa(k.Idle),
		"active=" + strconv.Itoa(k.Active), "mode=" + k.Mode}
	if k.Mode == "open" {
		parts = append(parts, "rate="+strconv.FormatFloat(k.Rate, 'f', -1, 64))
	}
	parts = append(parts, "msg="+strconv.Itoa(k.MsgSize))
	if k.Handler != "" && k.Handler != k.Scenario {
		parts = append(parts, "handler="+k.Handler)
	}
	return benchfmt.Name(strings.NewReplacer(" ", "_").Replace(strings.Join(parts, "/")))
}

// camel is "all-active" as "AllActive".
func camel(s string) string {
	var b strings.Builder
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return r == '-' || r == '_' || r == ' ' }) {
		b.WriteString(strings.ToUpper(w[:1]) + w[1:])
	}
	return b.String()
}

// WritePair writes two runs for benchstat, old's lines with the
// configuration run: old and cur's with run: new, after a comment (which
// benchstat skips) giving the command that puts them side by side.
func WritePair(w io.Writer, old, cur *results.Run, deterministicOnly bool) error {
	cmd := "benchstat -col run"
	if keys := Differing(old, cur); len(keys) > 0 {
		cmd += " -ignore " + strings.Join(keys, ",")
	}
	if _, err := fmt.Fprintf(w, "# OLD then NEW; save this output as FILE, then: %s FILE\n", cmd); err != nil {
		return err
	}
	bw := NewBenchstat(w)
	if err := bw.Write(old, Options{DeterministicOnly: deterministicOnly, Run: "old"}); err != nil {
		return err
	}
	return bw.Write(cur, Options{DeterministicOnly: deterministicOnly, Run: "new"})
}
