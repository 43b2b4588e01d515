package results

import (
	"fmt"
	"strings"
)

// FileName is a file-name-safe form of the cell key, the stem of the files
// a run writes per cell (its .hlog logs, its .hgrm distribution).
func (k CellKey) FileName() string {
	s := fmt.Sprintf("%s-%s-idle%d-active%d-%s", k.Scenario, k.Backend, k.Idle, k.Active, k.Mode)
	if k.Rival != "" {
		s += "-vs-" + k.Rival
	}
	return strings.NewReplacer("/", "_", " ", "_").Replace(s)
}
