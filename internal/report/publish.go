package report

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/muxbench/muxbench/internal/results"
)

// Extra is a further run published beside the main one: its scenario
// sections (where epoll does not win) join the README, linked to its own
// directory.
type Extra struct {
	Dir string
	Run *results.Run
}

// Publish renders runDir (which holds run.json and gets summary.md,
// cells.csv and plots) and writes the published report to readme: the
// machine, the answer, every group's figure and table, the scenario
// sections of the main run and of each extra run, the semantics table when
// semanticsPath exists, links to the other reports beside the README
// (reliability, cross-check, soak) when they exist, how to reproduce and
// how to read the columns. Links in the README are relative to its own
// directory.
func Publish(readme, runDir string, run *results.Run, semanticsPath string, extras ...Extra) error {
	if err := Write(runDir, run, nil); err != nil {
		return err
	}
	rel, err := filepath.Rel(filepath.Dir(readme), runDir)
	if err != nil {
		return err
	}
	r := render(run)
	for _, g := range r.groups {
		r.figures[groupSlug(g)] = figurePaths(rel, groupSlug(g))
	}
	r.linkSpectra(runDir, rel)
	if _, err := os.Stat(filepath.Join(runDir, "plots", capacitySlug+".png")); err == nil {
		r.figures[capacitySlug] = figurePaths(rel, capacitySlug)
	}
	scen := []scenarioSource{{dir: runDir, rel: filepath.ToSlash(rel), sections: r.scenarios}}
	for _, x := range extras {
		if err := Write(x.Dir, x.Run, nil); err != nil {
			return err
		}
		xrel, err := filepath.Rel(filepath.Dir(readme), x.Dir)
		if err != nil {
			return err
		}
		scen = append(scen, scenarioSource{dir: x.Dir, rel: filepath.ToSlash(xrel), sections: ScenarioSections(x.Run), run: x.Run})
	}
	semantics, err := os.ReadFile(semanticsPath)
	if err != nil && !os.IsNotExist(err) {
		return err
	}
	r.others = otherReports(filepath.Dir(readme))
	if err := writeFile(filepath.Join(filepath.Dir(readme), WideTables), r.writeWideTables); err != nil {
		return err
	}
	return writeFile(readme, func(w io.Writer) error { return r.writeReadme(w, filepath.ToSlash(rel), semantics, scen) })
}

// scenarioSource is one run's scenario sections and where its files are,
// relative to the README; run is nil for the main run.
type scenarioSource struct {
	dir      string // as given to Publish
	rel      string // relative to the README
	sections []ScenarioSection
	run      *results.Run
}

// publishCommand is the command line that regenerates the README, with the
// run directories as they were given.
func publishCommand(scen []scenarioSource) string {
	var extras []string
	for _, s := range scen[1:] {
		extras = append(extras, filepath.ToSlash(s.dir))
	}
	cmd := "bench report --publish"
	if len(extras) > 0 {
		cmd += " --scenarios " + strings.Join(extras, ",")
	}
	return cmd + " " + filepath.ToSlash(scen[0].dir)
}

// scenarioRuns names the extra runs the scenario sections come from.
func scenarioRuns(scen []scenarioSource) string {
	var links []string
	for _, s := range scen[1:] {
		links = append(links, fmt.Sprintf("[`%s/run.json`](%s/run.json)", s.rel, s.rel))
	}
	if len(links) == 0 {
		return ""
	}
	return " and " + strings.Join(links, ", ")
}

func figurePaths(rel, slug string) []string {
	return []string{
		filepath.ToSlash(filepath.Join(rel, "plots", slug+".svg")),
		filepath.ToSlash(filepath.Join(rel, "plots", slug+".png")),
	}
}

// otherReports lists the tool's other published reports found in dir.
func otherReports(dir string) []string {
	var found []string
	for _, name := range []string{"reliability.md", "crosscheck.md", "soak.md"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			found = append(found, name)
		}
	}
	return found
}

// writeScenarioSources writes every run's scenario sections under one
// heading; nothing when no run has scenarios.
func writeScenarioSources(w io.Writer, scen []scenarioSource) error {
	has := false
	for _, s := range scen {
		has = has || len(s.sections) > 0
	}
	if !has {
		return nil
	}
	fmt.Fprintf(w, "\n## Where epoll does not win: scenarios\n\nEach finding is computed from the figures of the run it links to.\n")
	for _, s := range scen {
		if len(s.sections) == 0 {
			continue
		}
		if s.run != nil {
			fmt.Fprintf(w, "\nFrom [`%s/run.json`](%s/run.json) (`%s`, %s, profile %s):\n\n", s.rel, s.rel,
				strings.Join(s.run.Command, " "), s.run.Started.UTC().Format("2006-01-02 15:04 UTC"), s.run.Config.Profile)
		} else {
			fmt.Fprintln(w)
		}
		WriteFindings(w, s.sections)
		figures := map[string][]string{}
		for _, sec := range s.sections {
			if _, err := os.Stat(filepath.Join(s.dir, "plots", "scenario-"+sec.Name+".png")); err == nil {
				figures["scenario-"+sec.Name] = figurePaths(s.rel, "scenario-"+sec.Name)
			}
		}
		if err := WriteScenarios(w, s.sections, figures, "###"); err != nil {
			return err
		}
	}
	return nil
}

func (r *rendered) writeReadme(w io.Writer, rel string, semantics []byte, scen []scenarioSource) error {
	fmt.Fprintf(w, "# muxbench results\n\n")
	fmt.Fprintf(w, "Generated by `%s` from [`%s/run.json`](%s/run.json)%s; every figure below was measured in the run it comes from. Do not edit by hand: re-run the command.\n\n", publishCommand(scen), rel, rel, scenarioRuns(scen))
	fmt.Fprintf(w, "The question: with N mostly idle connections and K active ones, which I/O multiplexing model serves the active ones fastest and cheapest, and from which N on does epoll win?\n\n")
	fmt.Fprintf(w, "## The answer\n\n")
	if err := r.writeAnswer(w, "###"); err != nil {
		return err
	}
	fmt.Fprintf(w, "\n## Machine and parameters\n\n")
	writeMachine(w, r.run)
	fmt.Fprintln(w)
	writeOverhead(w, r.run.CountingOverhead)
	fmt.Fprintf(w, "\n## Results\n\nOne figure and one table per scenario, mode and active count. Figures are the median over valid trials; bars and parentheses show the min–max spread. Full per-cell figures: [`cells.csv`](%s/cells.csv); per-run summary: [`summary.md`](%s/summary.md).\n", rel, rel)
	r.wideLink = WideTables
	if err := r.writeGroups(w, "###", Narrow); err != nil {
		return err
	}
	if err := r.writeCapacitySection(w, "## Capacity: the highest rate under a latency objective"); err != nil {
		return err
	}
	if err := writeScenarioSources(w, scen); err != nil {
		return err
	}
	fmt.Fprintf(w, "\n## Level- vs edge-triggered epoll, measured\n\n")
	if len(semantics) == 0 {
		fmt.Fprintf(w, "Not available: `results/semantics.md` was not found when this README was generated (run `make semantics`).\n")
	} else {
		w.Write(listTables(demoteHeadings(semantics, "##")))
	}
	if len(r.others) > 0 {
		fmt.Fprintf(w, "\n## Other reports\n\n")
		for _, name := range r.others {
			fmt.Fprintf(w, "- [`%s`](%s)\n", name, name)
		}
	}
	fmt.Fprintf(w, "\n## How to reproduce\n\n")
	writeReproduce(w, rel)
	fmt.Fprintf(w, "\n## How to read the columns\n\n")
	writeColumnGuide(w)
	return nil
}

// demoteHeadings nests an included Markdown document under ours: its
// headings gain the given prefix, so "# x" under "##" becomes "### x".
func demoteHeadings(md []byte, prefix string) []byte {
	var out bytes.Buffer
	sc := bufio.NewScanner(bytes.NewReader(md))
	sc.Buffer(make([]byte, 0, 64*1024), 4*1024*1024)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") {
			line = prefix + line
		}
		out.WriteString(line + "\n")
	}
	return out.Bytes()
}

func writeReproduce(w io.Writer, rel string) {
	fmt.Fprintf(w, "```sh\n")
	fmt.Fprintf(w, "make bench                                 # bench run --profile default: results/<host>-<date>/\n")
	fmt.Fprintf(w, "make bench-scenarios                       # bench run --profile scenarios: where epoll does not win\n")
	fmt.Fprintf(w, "make semantics                             # results/semantics.md\n")
	fmt.Fprintf(w, "bin/bench reliability --out results        # results/reliability.md\n")
	fmt.Fprintf(w, "bin/bench crosscheck --out results/crosscheck.md\n")
	fmt.Fprintf(w, "bin/bench report --publish --scenarios results/<scenarios run> results/<host>-<date>   # this README\n")
	fmt.Fprintf(w, "bin/bench compare %s/run.json results/<host>-<date>/run.json\n", rel)
	fmt.Fprintf(w, "```\n\n")
	fmt.Fprintf(w, "`bench report DIR` re-renders `summary.md`, `cells.csv` and the plots of a run from its `run.json` without measuring again. `bench compare OLD NEW` exits 1 on a regression; `make bench-ci` runs the smoke profile and compares its deterministic counts with `results/baseline/run.json`.\n")
}
