package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/muxbench/muxbench/internal/compare"
	"github.com/muxbench/muxbench/internal/report"
)

func init() {
	register(command{
		name:    "report",
		summary: "re-render summary.md, cells.csv and plots from DIR/run.json (--publish: results/README.md)",
		run:     func(args []string) int { return runReport(args, os.Stdout, os.Stderr) },
	})
}

func runReport(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("report", "[--publish [--scenarios DIR,...]] [--readme FILE] [--semantics FILE] [--wide] [-q] DIR", stderr)
	publish := fs.Bool("publish", false, "also write the published report (--readme) from this run")
	readme := fs.String("readme", filepath.Join("results", "README.md"), "`file` where --publish writes the README")
	semantics := fs.String("semantics", filepath.Join("results", "semantics.md"), "semantics table (`file`) included by --publish when it exists")
	quiet := fs.Bool("q", false, "do not print the tables")
	wide := fs.Bool("wide", false, wideUsage)
	scenarios := fs.String("scenarios", "", "with --publish: comma list of further run `directories` whose scenario sections join the README")
	dirs, err := fs.ParseInterleaved(args)
	if code, done := fs.Exit(err); done {
		return code
	}
	if len(dirs) != 1 {
		return failTo(stderr, exitBadArgs, "report: want one run directory (holding run.json), got %d arguments", len(dirs))
	}
	dir := dirs[0]
	run, err := compare.Read(filepath.Join(dir, "run.json"))
	if err != nil {
		return failTo(stderr, exitBadArgs, "report: %v", err)
	}
	var term io.Writer = stdout
	if *quiet {
		term = nil
	}
	layout := report.Narrow
	if *wide {
		layout = report.Wide
	}
	if err := report.WriteLayout(dir, run, term, layout); err != nil {
		return failTo(stderr, exitFailed, "report: %v", err)
	}
	if *publish {
		extras, err := readExtras(*scenarios)
		if err != nil {
			return failTo(stderr, exitBadArgs, "report: --scenarios: %v", err)
		}
		if err := report.Publish(*readme, dir, run, *semantics, extras...); err != nil {
			return failTo(stderr, exitFailed, "report: publish: %v", err)
		}
		fmt.Fprintf(stderr, "bench report: wrote %s\n", *readme)
	}
	return exitOK
}

// readExtras loads the run.json of each directory in a comma list.
func readExtras(list string) ([]report.Extra, error) {
	var extras []report.Extra
	for _, dir := range strings.Split(list, ",") {
		if dir = strings.TrimSpace(dir); dir == "" {
			continue
		}
		run, err := compare.Read(filepath.Join(dir, "run.json"))
		if err != nil {
			return nil, err
		}
		extras = append(extras, report.Extra{Dir: dir, Run: run})
	}
	return extras, nil
}
