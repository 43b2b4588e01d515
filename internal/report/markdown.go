package report

import (
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"

	"github.com/muxbench/muxbench/internal/analysis"
	"github.com/muxbench/muxbench/internal/results"
	"github.com/muxbench/muxbench/internal/table"
	"github.com/muxbench/muxbench/internal/version"
)

// rendered is a run reduced once and shared by every output.
type rendered struct {
	run    *results.Run
	cells  []analysis.CellSummary
	groups []analysis.Group
	// fits are the cost model's trials by mode and active count;
	// predictions its N̂* per rival and metric from the sweep.
	fits        []fitSet
	predictions []prediction
	backends    []string
	// figures maps a group slug to its PNG and SVG, relative to the output
	// directory; empty when plots were not drawn.
	figures map[string][]string
	// scenarios are the non-idle scenarios' sections (their cells are not
	// in groups).
	scenarios []ScenarioSection
	// others are further reports beside a published README.
	others []string
	// layout is the group tables' (the wide file is always Wide).
	layout Layout
	// wideLink, when set, is where the narrow tables' wide version is,
	// relative to the document being written.
	wideLink string
}

func render(run *results.Run) *rendered {
	r := &rendered{run: run, cells: analysis.SummarizeRun(run), figures: map[string][]string{}}
	r.groups = analysis.GroupCells(run, sweepCells(r.cells))
	r.scenarios = ScenarioSections(run)
	r.fits = fitSets(run, r.groups)
	r.predictions = predict(r.fits)
	r.backends = allBackends(run, r.groups)
	return r
}

// allBackends fixes one order, hence one colour per backend, for every figure.
func allBackends(run *results.Run, groups []analysis.Group) []string {
	out := append([]string(nil), run.Config.Backends...)
	seen := map[string]bool{}
	for _, b := range out {
		seen[b] = true
	}
	for _, g := range groups {
		for _, b := range g.Backends() {
			if !seen[b] {
				seen[b] = true
				out = append(out, b)
			}
		}
	}
	return out
}

// writeMachine describes where and how the run was measured, in a
// two-column table without headings.
func writeMachine(w io.Writer, run *results.Run) {
	m, c := run.Machine, run.Config
	t := table.Table{Header: []string{"", ""}}
	row := func(k, v string) { t.Rows = append(t.Rows, []string{k, v}) }
	row("host", m.Hostname)
	row("kernel", m.Kernel)
	row("CPU", fmt.Sprintf("%s, %d cores", m.CPUModel, m.Cores))
	row("Go", m.GoVersion)
	row("muxbench build", toolBuild(run.Tool))
	row("fd limit", fmt.Sprintf("soft %s, hard %s", Thousands(int64(m.FdSoftLimit)), Thousands(int64(m.FdHardLimit))))
	row("syscall counting", yesNo(m.Perf, "perf_event_open tracepoints", "unavailable: "+m.PerfReason))
	row("pinning", pinning(m))
	row("cpu idle states", orNotRecorded(m.IdleStates))
	row("started", run.Started.UTC().Format(time.RFC3339)+", took "+run.Finished.Sub(run.Started).Round(time.Second).String())
	row("command", "`"+strings.Join(run.Command, " ")+"`")
	row("profile", c.Profile)
	row("backends", strings.Join(c.Backends, ", "))
	row("matrix", fmt.Sprintf("idle %s; active %s; modes %s", joinInts(c.Idle), joinInts(c.Active), strings.Join(c.Modes, ", ")))
	row("trials", fmt.Sprintf("%d × %s after %s warm-up; %d-byte %s messages", c.Trials, c.Duration, c.Warmup, c.MsgSize, c.Handler))
	if c.Rate > 0 {
		row("open-loop rate", FormatNumber(c.Rate)+" req/s"+openWindowNote(c))
	}
	if s := generatorSched(run); s != "" {
		row("open-loop generator", s)
	}
	if st := run.Stability; st != nil {
		row("machine stability", st.Summary())
	}
	if run.Interrupted != "" {
		row("interrupted", run.Interrupted+" (the cells shown are complete; the rest never ran)")
	}
	writeKeyValues(w, t)
}

// writeKeyValues writes a two-column table without headings in which a
// row too wide for table.Columns keeps its key and a pointer, its value
// following the table as a line of its own.
func writeKeyValues(w io.Writer, t table.Table) {
	var below []string
	for i, r := range t.Rows {
		if table.WidestLine(compactLine(r)) > table.Columns {
			below = append(below, fmt.Sprintf("- %s: %s", r[0], r[1]))
			t.Rows[i] = []string{r[0], "(below the table)"}
		}
	}
	t.Compact(w)
	if len(below) > 0 {
		fmt.Fprintf(w, "\n%s\n", strings.Join(below, "\n"))
	}
}

// compactLine is a row as table.Compact writes it.
func compactLine(r []string) string { return "| " + strings.Join(r, " | ") + " |" }

// toolBuild is the commit and version of the bench that recorded the run.
func toolBuild(tool *version.Info) string {
	if tool == nil {
		return "not recorded (run.json before schema 2)"
	}
	return tool.Build()
}

func pinning(m results.Machine) string {
	if m.ServerCPU < 0 || m.LoadgenCPU < 0 {
		return "not pinned: " + m.PinReason
	}
	return fmt.Sprintf("server on CPU %d, load generator on CPU %d", m.ServerCPU, m.LoadgenCPU)
}

func yesNo(ok bool, yes, no string) string {
	if ok {
		return yes
	}
	return no
}

func joinInts(v []int) string {
	s := make([]string, len(v))
	for i, n := range v {
		s[i] = Thousands(int64(n))
	}
	return strings.Join(s, ", ")
}

// writeOverhead states the measured cost of syscall counting.
func writeOverhead(w io.Writer, o *results.Overhead) {
	if o == nil {
		fmt.Fprintln(w, "Syscall counting overhead: not measured in this run.")
		return
	}
	fmt.Fprintf(w, "Syscall counting overhead, measured on %s: %s req/s with counting vs %s without; p50 %s vs %s µs; CPU/req %s vs %s µs.\n",
		o.Cell, FormatNumber(o.ReqPerSecOn), FormatNumber(o.ReqPerSecOff), FormatNumber(o.P50UsOn), FormatNumber(o.P50UsOff),
		FormatNumber(o.CPUUsPerReqOn), FormatNumber(o.CPUUsPerReqOff))
}

// writeGroups writes each group's heading, figure and table in layout l;
// a narrow table links its wide version when there is one.
func (r *rendered) writeGroups(w io.Writer, level string, l Layout) error {
	for _, g := range r.groups {
		fmt.Fprintf(w, "\n%s %s\n\n", level, groupTitle(g))
		if figs := r.figures[groupSlug(g)]; len(figs) > 0 {
			fmt.Fprintf(w, "[![%s](%s)](%s)\n\n", groupTitle(g), figs[1], figs[0])
		}
		r.writeSpectrumLink(w, g)
		if err := GroupTable(w, g, l); err != nil {
			return err
		}
		if l == Narrow && r.wideLink != "" {
			fmt.Fprintf(w, "\nEvery column, with the min–max spreads: [`%s`](%s#%s).\n", WideTables, r.wideLink, anchor(groupTitle(g)))
		}
	}
	return nil
}

// writeWideTables writes tables-wide.md: every group's wide table.
func (r *rendered) writeWideTables(w io.Writer) error {
	fmt.Fprintf(w, "# muxbench run %s: every column\n\n", r.run.Label)
	fmt.Fprintf(w, "The wide tables (`--wide`) of the run: each figure is `median (min–max)` over valid trials. The narrow tables of `summary.md` and the published README show req/s, p50, p99, CPU/req, syscalls/req, req/s vs C and the flags.\n")
	if len(r.run.Crossovers) > 0 {
		fmt.Fprintf(w, "\n## The searches\n\n")
		if err := searchTable(w, r.run.Crossovers, Wide); err != nil {
			return err
		}
	}
	if err := r.writeGroups(w, "##", Wide); err != nil {
		return err
	}
	fmt.Fprintf(w, "\n## How to read the columns\n\n")
	writeColumnGuide(w)
	return nil
}

// anchor is the fragment GitHub gives a heading: lower case, spaces to
// hyphens, punctuation other than hyphens dropped.
func anchor(title string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(title) {
		switch {
		case r == ' ':
			b.WriteRune('-')
		case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// writeSummary writes summary.md.
func (r *rendered) writeSummary(w io.Writer) error {
	fmt.Fprintf(w, "# muxbench run %s\n\n", r.run.Label)
	writeMachine(w, r.run)
	fmt.Fprintln(w)
	writeOverhead(w, r.run.CountingOverhead)
	fmt.Fprintf(w, "\n## The answer\n\n")
	if err := r.writeAnswer(w, "###"); err != nil {
		return err
	}
	if err := r.writeProbes(w, "###"); err != nil {
		return err
	}
	if err := r.writeCapacitySection(w, "## Capacity"); err != nil {
		return err
	}
	fmt.Fprintf(w, "\n## Cells\n\nEach figure is the median over valid trials, with the min–max spread in parentheses; flagged trials are listed, never averaged in.\n")
	r.wideLink = WideTables
	if err := r.writeGroups(w, "###", r.layout); err != nil {
		return err
	}
	if len(r.scenarios) > 0 {
		fmt.Fprintf(w, "\n## Scenarios\n\nWhere epoll does not win. Each finding is computed from this run's figures.\n\n")
		WriteFindings(w, r.scenarios)
		if err := WriteScenarios(w, r.scenarios, r.figures, "###"); err != nil {
			return err
		}
	}
	fmt.Fprintf(w, "\n## How to read the columns\n\n")
	writeColumnGuide(w)
	return nil
}

// orNotRecorded is s, or a note that the run predates the field.
func orNotRecorded(s string) string {
	if s == "" {
		return "not recorded"
	}
	return s
}
