package report

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/muxbench/muxbench/internal/results"
)

// WideTables is the file beside summary.md (and beside a published
// README) that holds every group's wide table, which the narrow ones link.
const WideTables = "tables-wide.md"

// Write renders run into dir (summary.md, tables-wide.md, cells.csv,
// plots/*.svg and plots/*.png, hlog/*.hgrm) and writes the terminal tables
// and the crossover answer to w (which may be nil), summary.md and the
// terminal tables in the Narrow layout. dir must exist or be creatable.
func Write(dir string, run *results.Run, w io.Writer) error {
	return WriteLayout(dir, run, w, Narrow)
}

// WriteLayout is Write with summary.md's and the terminal's tables in
// layout l (bench run and bench report --wide: Wide).
func WriteLayout(dir string, run *results.Run, w io.Writer, l Layout) error {
	if run == nil {
		return fmt.Errorf("report: nil run")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	r := render(run)
	r.layout = l
	if err := r.writePlots(dir); err != nil {
		return err
	}
	if err := writeFile(filepath.Join(dir, "summary.md"), r.writeSummary); err != nil {
		return err
	}
	if err := writeFile(filepath.Join(dir, WideTables), r.writeWideTables); err != nil {
		return err
	}
	if err := writeFile(filepath.Join(dir, "cells.csv"), func(w io.Writer) error { return WriteCSV(w, r.cells) }); err != nil {
		return err
	}
	if err := writeHgrms(dir, r.cells); err != nil {
		return err
	}
	if w == nil {
		return nil
	}
	return r.writeTerminal(w)
}

// writePlots draws one figure and one percentile spectrum per group.
func (r *rendered) writePlots(dir string) error {
	for _, g := range r.groups {
		files, err := WriteFigure(dir, r.run, g, r.backends, r.overlayOf(g))
		if err != nil {
			return fmt.Errorf("plot %s: %w", groupTitle(g), err)
		}
		r.figures[groupSlug(g)] = files
		if r.figures[spectrumSlug(g)], err = writeSpectrum(dir, r.run, g, r.backends); err != nil {
			return fmt.Errorf("plot %s spectrum: %w", groupTitle(g), err)
		}
	}
	files, err := writeCapacityPlot(dir, r.run.Capacity, r.backends, runCaption(r.run))
	if err != nil {
		return fmt.Errorf("plot capacity: %w", err)
	}
	r.figures[capacitySlug] = files
	for _, s := range r.scenarios {
		files, err := writeScenarioPlot(dir, s, r.backends, runCaption(r.run))
		if err != nil {
			return fmt.Errorf("plot %s: %w", s.Name, err)
		}
		r.figures["scenario-"+s.Name] = files
	}
	return nil
}

// writeTerminal prints the tables per group, then the answer.
func (r *rendered) writeTerminal(w io.Writer) error {
	for _, g := range r.groups {
		fmt.Fprintf(w, "\n%s\n\n", groupTitle(g))
		if err := GroupTable(w, g, r.layout); err != nil {
			return err
		}
	}
	if len(r.groups) > 0 {
		fmt.Fprintf(w, "\nThe answer\n\n")
		if err := r.writeAnswer(w, ""); err != nil {
			return err
		}
	}
	if err := r.writeCapacitySection(w, "Capacity"); err != nil {
		return err
	}
	if len(r.scenarios) == 0 {
		return nil
	}
	if err := WriteScenarios(w, r.scenarios, nil, ""); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nScenario findings\n\n")
	WriteFindings(w, r.scenarios)
	return nil
}

// writeFile renders into memory first so a failed render leaves no
// half-written file behind.
func writeFile(path string, render func(io.Writer) error) error {
	var buf bytes.Buffer
	if err := render(&buf); err != nil {
		return fmt.Errorf("render %s: %w", filepath.Base(path), err)
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}
