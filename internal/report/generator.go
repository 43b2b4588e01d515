package report

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/muxbench/muxbench/internal/results"
)

// generatorSchedSchema is the first schema that records how the
// generator's polling drivers were scheduled.
const generatorSchedSchema = 4

// generatorSched says how the open-loop trials' polling drivers were
// scheduled (Quality.GeneratorSched), with how many trials each way; ""
// when the run has no open-loop trial.
func generatorSched(run *results.Run) string {
	counts := map[string]int{}
	total := 0
	for _, c := range run.Cells {
		if c.Mode != "open" {
			continue
		}
		for _, t := range c.Trials {
			counts[t.Metrics.GeneratorSched]++
			total++
		}
	}
	switch {
	case total == 0:
		return ""
	case counts[""] == total && run.Schema < generatorSchedSchema:
		return "not recorded (run.json before schema 4)"
	}
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(counts)) {
		parts = append(parts, fmt.Sprintf("%s in %s", schedName(k), Thousands(int64(counts[k]))))
	}
	return "drivers that poll before their sends: " + strings.Join(parts, "; ") + " of " + Thousands(int64(total)) + " open-loop trials"
}

func schedName(s string) string {
	if s == "" {
		return "none polling (sends closer than the polling gap)"
	}
	return s
}
