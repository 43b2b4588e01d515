package report

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/muxbench/muxbench/internal/analysis"
	"github.com/muxbench/muxbench/internal/results"
)

// writeProbes writes each search's points: per idle count probed, the
// rounds run, and per metric the ratio with its interval and the verdict,
// with the flagged trials left out.
func (r *rendered) writeProbes(w io.Writer, level string) error {
	for _, c := range r.run.Crossovers {
		heading(w, level, fmt.Sprintf("Crossover probes: %s vs %s, %s active, %s", c.Subject, c.Rival, Thousands(int64(c.Active)), searchMode(c)))
		header := []string{"idle", "rounds"}
		for _, m := range c.Metrics {
			header = append(header, metricTitle(m.Metric)+" ratio", "verdict")
		}
		header = append(header, "flagged")
		var rows [][]string
		notes := newNotes()
		for _, n := range probedIdles(c) {
			rows = append(rows, r.probeRow(c, n, notes))
		}
		if err := writeTable(w, header, rows, 0); err != nil {
			return err
		}
		notes.write(w)
		fmt.Fprintf(w, "\nratio is %s ÷ %s, the median of the paired rounds' ratios with its %d%% interval; a point of the sweep (*) pairs its trials by pass. Budget %s (%s trials); %s.\n",
			c.Subject, c.Rival, int(c.Confidence*100), c.Budget, Thousands(int64(c.TrialBudget)), searchEnd(c))
	}
	return nil
}

func searchEnd(c results.Crossover) string {
	s := fmt.Sprintf("%d trials ran in %s", c.Trials, c.Finished.Sub(c.Started).Round(1e9))
	if c.Stopped != "" {
		s += ", stopped: " + c.Stopped
	}
	if c.Error != "" {
		s += ", failed: " + c.Error
	}
	return s
}

// probedIdles are every idle count a metric of the search was read at.
func probedIdles(c results.Crossover) []int {
	seen := map[int]bool{}
	var out []int
	for _, m := range c.Metrics {
		for _, p := range m.Probes {
			if !seen[p.N] {
				seen[p.N] = true
				out = append(out, p.N)
			}
		}
	}
	sort.Ints(out)
	return out
}

// probeRow is one idle count's row; a flagged list longer than a narrow
// table's flag text goes to notes under a code.
func (r *rendered) probeRow(c results.Crossover, n int, notes *notes) []string {
	row := []string{Thousands(int64(n)), ""}
	for _, m := range c.Metrics {
		p, ok := probeAt(m, n)
		switch {
		case !ok:
			row = append(row, "", "")
		case p.NA != "":
			row[1] = fmt.Sprint(p.Rounds)
			row = append(row, "n/a", p.Outcome)
		default:
			row[1] = fmt.Sprint(p.Rounds)
			if p.Known {
				row[0] = Thousands(int64(n)) + " *"
			}
			row = append(row, probeRatio(p), p.Outcome)
		}
	}
	flagged := r.flaggedAt(c, n)
	if utf8.RuneCountInString(flagged) > maxFlagText {
		flagged = notes.code(flagged, "idle "+Thousands(int64(n)))
	}
	return append(row, flagged)
}

func probeAt(m results.CrossoverMetric, n int) (results.CrossoverProbe, bool) {
	for _, p := range m.Probes {
		if p.N == n {
			return p, true
		}
	}
	return results.CrossoverProbe{}, false
}

// probeRatio is "0.87× (0.85–0.89)", open bounds as "…".
func probeRatio(p results.CrossoverProbe) string {
	if p.Ratio == nil {
		return "n/a"
	}
	bound := func(v *float64) string {
		if v == nil || *v <= 0 {
			return "…"
		}
		return ratioText(*v)
	}
	return fmt.Sprintf("%s (%s–%s)", ratioText(*p.Ratio), bound(p.Lo), bound(p.Hi))
}

// flaggedAt counts the flagged trials of the search's two probe cells at
// n, with their reasons.
func (r *rendered) flaggedAt(c results.Crossover, n int) string {
	reasons := map[string]int{}
	total := 0
	for _, cell := range r.run.Cells {
		if !cell.IsCrossover() || cell.Idle != n || cell.Active != c.Active || cell.Mode != c.Mode ||
			!((cell.Backend == c.Subject && cell.Rival == c.Rival) || (cell.Backend == c.Rival && cell.Rival == c.Subject)) {
			continue
		}
		for _, f := range analysis.Summarize(cell).Flagged {
			reasons[f.Reason()]++
			total++
		}
	}
	if total == 0 {
		return ""
	}
	var parts []string
	for why, k := range reasons {
		parts = append(parts, fmt.Sprintf("%d %s", k, why))
	}
	sort.Strings(parts)
	return strings.Join(parts, "; ")
}
