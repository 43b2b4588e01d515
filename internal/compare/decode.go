package compare

import (
	"fmt"
	"os"

	"github.com/muxbench/muxbench/internal/results"
)

// Read loads and checks a run.json for comparison.
func Read(path string) (*results.Run, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	run, err := Decode(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return run, nil
}

// Decode parses run.json bytes and rejects what cannot be matched: a cell
// without a backend or a key that appears twice.
func Decode(b []byte) (*results.Run, error) {
	run, err := results.Decode(b)
	if err != nil {
		return nil, err
	}
	seen := make(map[results.CellKey]bool, len(run.Cells))
	for _, c := range run.Cells {
		if c.Backend == "" {
			return nil, fmt.Errorf("cell %s has no backend", c.CellKey)
		}
		if seen[c.CellKey] {
			return nil, fmt.Errorf("cell %s appears twice", c.CellKey)
		}
		seen[c.CellKey] = true
	}
	return run, nil
}
