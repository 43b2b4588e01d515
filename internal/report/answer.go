package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/muxbench/muxbench/internal/analysis"
)

// Sentence states one rivalry in plain words, every figure from the run.
func Sentence(r analysis.Rivalry) string {
	g := r.Group
	s := fmt.Sprintf("With %s active connection%s (%s, %s), ", Thousands(int64(g.Active)), plural(g.Active), g.Scenario, modePhrase(g))
	s += verdict(r)
	if p, ok := r.FirstCannot(); ok {
		s += fmt.Sprintf("; %s cannot run from %s idle connections on (%s)", r.Rival, Thousands(int64(p.Idle)), p.Rival.NA)
	}
	return s + "."
}

func verdict(r analysis.Rivalry) string {
	largest, compared := r.Largest()
	switch {
	case !compared && !r.Found:
		return fmt.Sprintf("%s and %s were never both measured, so no crossover can be stated", r.Subject, r.Rival)
	case !r.Found:
		return fmt.Sprintf("%s never beats %s by %d%% in both p99 latency and CPU per request: there is no crossover "+
			"(at %s idle, %s's p99 is %s and its CPU per request %s %s's)",
			r.Subject, r.Rival, percentOf(r.Margin), Thousands(int64(largest.Idle)), r.Rival,
			Ratio(largest.P99Ratio), Ratio(largest.CPURatio), r.Subject)
	}
	s := fmt.Sprintf("%s beats %s from %s idle connections on", r.Subject, r.Rival, Thousands(int64(r.From)))
	if idles := r.Group.Idles(); r.From == idles[0] {
		s = fmt.Sprintf("%s beats %s at every idle count measured (%s to %s)", r.Subject, r.Rival,
			Thousands(int64(idles[0])), Thousands(int64(idles[len(idles)-1])))
	}
	if compared && largest.Outcome == analysis.Win {
		s += fmt.Sprintf("; at %s idle it is %s cheaper per request and its p99 is %s lower",
			Thousands(int64(largest.Idle)), Ratio(largest.CPURatio), Ratio(largest.P99Ratio))
	}
	if compared && largest.Outcome == analysis.Loss {
		s = fmt.Sprintf("%s beats %s only where %s cannot run; where both ran it is not %d%% better in both (at %s idle, %s's p99 is %s and its CPU per request %s %s's)",
			r.Subject, r.Rival, r.Rival, percentOf(r.Margin), Thousands(int64(largest.Idle)), r.Rival, Ratio(largest.P99Ratio), Ratio(largest.CPURatio), r.Subject)
	}
	return s
}

// percentOf is a margin in whole percent: 0.1 → 10.
func percentOf(margin float64) int { return int(margin * 100) }

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// WriteAnswer writes the crossover sentences, their table, and the places
// where the subject does not win.
func WriteAnswer(w io.Writer, rivalries []analysis.Rivalry) error {
	if len(rivalries) == 0 {
		_, err := fmt.Fprintf(w, "No crossover analysis: the run does not hold %s together with %s.\n", Subject, strings.Join(Rivals, " or "))
		return err
	}
	for _, r := range rivalries {
		fmt.Fprintf(w, "- %s\n", Sentence(r))
	}
	fmt.Fprintln(w)
	if err := crossoverTable(w, rivalries); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nWhere %s does not win (not at least %d%% better in both p99 and CPU per request):\n\n", Subject, int(Margin*100))
	return lossTable(w, rivalries)
}

func crossoverTable(w io.Writer, rivalries []analysis.Rivalry) error {
	header := []string{"scenario", "mode", "active", "vs", Subject + " wins from idle", "at idle", "CPU/req ratio", "p99 ratio", "rival n/a from idle"}
	var rows [][]string
	for _, r := range rivalries {
		g := r.Group
		row := []string{g.Scenario, modePhrase(g), Thousands(int64(g.Active)), r.Rival, "none", "—", "—", "—", "—"}
		if r.Found {
			row[4] = Thousands(int64(r.From))
		}
		if p, ok := r.Largest(); ok {
			row[5], row[6], row[7] = Thousands(int64(p.Idle)), Ratio(p.CPURatio), Ratio(p.P99Ratio)
		}
		if p, ok := r.FirstCannot(); ok {
			row[8] = Thousands(int64(p.Idle))
		}
		rows = append(rows, row)
	}
	return writeTable(w, header, rows, 4)
}

func lossTable(w io.Writer, rivalries []analysis.Rivalry) error {
	var rows [][]string
	for _, r := range rivalries {
		g := r.Group
		for _, p := range r.Points {
			if p.Outcome != analysis.Loss && p.Outcome != analysis.NotCompared {
				continue
			}
			what := "not compared"
			if p.Outcome == analysis.Loss {
				what = fmt.Sprintf("%s ÷ %s: p99 %s, CPU/req %s", r.Rival, Subject, Ratio(p.P99Ratio), Ratio(p.CPURatio))
			}
			rows = append(rows, []string{g.Scenario, modePhrase(g), Thousands(int64(g.Active)), r.Rival, Thousands(int64(p.Idle)), what, why(p)})
		}
	}
	if len(rows) == 0 {
		_, err := fmt.Fprintf(w, "none: %s wins at every idle count compared.\n", Subject)
		return err
	}
	return writeTable(w, []string{"scenario", "mode", "active", "vs", "idle", "ratio (above 1: " + Subject + " better)", Subject + " vs rival"}, rows, 4)
}
