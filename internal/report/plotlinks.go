package report

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/muxbench/muxbench/internal/analysis"
)

// writeSpectrumLink links g's spectrum figure, when one was drawn, under
// the group's main figure.
func (r *rendered) writeSpectrumLink(w io.Writer, g analysis.Group) {
	if figs := r.figures[spectrumSlug(g)]; len(figs) > 1 {
		fmt.Fprintf(w, "Percentile spectrum of these cells (pooled latency histograms, a line per backend): [PNG](%s) · [SVG](%s)\n\n", figs[1], figs[0])
	}
}

// linkSpectra points a published report's spectrum links at the files
// drawn under runDir (rel is runDir relative to the report).
func (r *rendered) linkSpectra(runDir, rel string) {
	for _, g := range r.groups {
		if _, err := os.Stat(filepath.Join(runDir, "plots", spectrumSlug(g)+".png")); err == nil {
			r.figures[spectrumSlug(g)] = figurePaths(rel, spectrumSlug(g))
		}
	}
}
