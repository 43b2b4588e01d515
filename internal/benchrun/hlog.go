package benchrun

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/muxbench/muxbench/internal/loadgen"
	"github.com/muxbench/muxbench/internal/results"
)

// writeHlog writes a trial's interval histograms as an HdrHistogram
// interval log (loadgen.WriteHlog: the latency untagged, open loop's
// uncorrected latency tagged beside it), and returns its path relative to
// dir.
func writeHlog(dir string, k results.CellKey, trial int, res *loadgen.Result) (string, error) {
	rel := filepath.Join("hlog", fmt.Sprintf("%s-t%d.hlog", k.FileName(), trial+1))
	f, err := os.Create(filepath.Join(dir, rel))
	if err != nil {
		return "", err
	}
	err = loadgen.WriteHlog(f, res, "muxbench "+k.String())
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return rel, err
}
