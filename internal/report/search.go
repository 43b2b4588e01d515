package report

import (
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/muxbench/muxbench/internal/analysis"
	"github.com/muxbench/muxbench/internal/results"
	"github.com/muxbench/muxbench/internal/table"
)

// betterPhrase is how a metric's win reads: "cheaper per request".
func betterPhrase(metric string) string {
	switch metric {
	case "cpu_us_per_req":
		return "cheaper per request"
	case "p99_us":
		return "lower in p99 latency"
	case "p50_us":
		return "lower in p50 latency"
	case "p999_us":
		return "lower in p99.9 latency"
	case "req_per_sec":
		return "higher in throughput"
	}
	m, _ := analysis.MetricByName(metric)
	return "better in " + m.Title
}

// metricTitle is a metric's short heading, its name when unknown.
func metricTitle(metric string) string {
	if m, ok := analysis.MetricByName(metric); ok {
		return m.Title
	}
	return metric
}

// SearchSentence states one search's answer for one metric in plain words,
// every figure from the run.
func SearchSentence(c results.Crossover, m results.CrossoverMetric) string {
	pct := percentOf(c.Margin)
	with := fmt.Sprintf("with %s active (%s)", Thousands(int64(c.Active)), searchMode(c))
	switch st, ok := stated(c, m); {
	case ok:
		s := fmt.Sprintf("%s is ≥ %d%% %s than %s from N* = %s idle connections (95%% CI %s) %s",
			c.Subject, pct, betterPhrase(m.Metric), c.Rival, countText(st.n), rangeText(st.lo, st.hi), with)
		if m.Outcome == results.OutcomeAtMost {
			s += fmt.Sprintf("; no loss was decided below the win at %s", countText(m.Hi))
		}
		if st.wide() {
			s += fmt.Sprintf("; the interval reaches beyond ±%d%% of N*: %s", percentOf(wideShare), stopReason(c, m))
		}
		return s
	case m.Outcome == results.OutcomeWinsAtStart:
		return fmt.Sprintf("%s is ≥ %d%% %s than %s already at %s idle connections %s", c.Subject, pct,
			betterPhrase(m.Metric), c.Rival, Thousands(int64(c.MinN)), with)
	case m.Outcome == results.OutcomeAtMost:
		return fmt.Sprintf("%s is ≥ %d%% %s than %s from at most %s idle connections %s; no loss was decided below, down to %s (%s)",
			c.Subject, pct, betterPhrase(m.Metric), c.Rival, countText(m.Hi), with, countText(m.Lo), stopReason(c, m))
	case m.Outcome == results.OutcomeNoDiff:
		return fmt.Sprintf("no significant difference of ≥ %d%% (%s) between %s and %s up to %s idle connections %s",
			pct, metricTitle(m.Metric), c.Subject, c.Rival, Thousands(int64(m.UpTo)), with)
	case m.Outcome == results.OutcomeCannotRun:
		return fmt.Sprintf("%s cannot run from %s idle connections %s (%s); below that %s",
			cannotWho(c, m), Thousands(int64(m.CannotFrom)), with, cannotWhy(m), belowCut(c, m))
	}
	return fmt.Sprintf("%s against %s (%s) %s: undecided, %s", c.Subject, c.Rival, metricTitle(m.Metric), with, stopReason(c, m))
}

// answer is the N* a search states for a metric: fitted on the paired
// rounds when it could be, else the bracket's estimate between decided
// points.
type answer struct{ n, lo, hi float64 }

// wideShare is how far the interval may reach either side of N* and still
// pass for a number (the issue's ±30%).
const wideShare = 0.3

func (a answer) wide() bool { return a.hi-a.n > wideShare*a.n || a.n-a.lo > wideShare*a.n }

// stated is the answer for a search that found N*; false otherwise.
func stated(c results.Crossover, m results.CrossoverMetric) (answer, bool) {
	switch {
	case m.Fit != nil && (m.Outcome == results.OutcomeFound || m.Outcome == results.OutcomeAtMost):
		return answer{m.Fit.N, m.Fit.Lo, m.Fit.Hi}, true
	case m.Outcome == results.OutcomeFound:
		return answer{m.NStar, m.Lo, m.Hi}, true
	}
	return answer{}, false
}

// belowCut says what was decided where both backends could run: no win
// of the margin anywhere (every point decided), or no decision.
func belowCut(c results.Crossover, m results.CrossoverMetric) string {
	for _, p := range m.Probes {
		if p.N < m.CannotFrom && p.Outcome != results.ProbeNoWin {
			return fmt.Sprintf("no ≥ %d%% win in %s was decided, up to %s (%s)", percentOf(c.Margin), metricTitle(m.Metric), Thousands(int64(m.UpTo)), stopReason(c, m))
		}
	}
	return fmt.Sprintf("%s is not ≥ %d%% %s at any idle count measured, up to %s", c.Subject, percentOf(c.Margin), betterPhrase(m.Metric), Thousands(int64(m.UpTo)))
}

// cannotWho names the backend that could not run, from the reason the
// search recorded ("poll cannot run at 1000 idle: ...").
func cannotWho(c results.Crossover, m results.CrossoverMetric) string {
	for _, b := range []string{c.Subject, c.Rival} {
		if len(m.CannotWhy) > len(b) && m.CannotWhy[:len(b)+1] == b+" " {
			return b
		}
	}
	return c.Rival
}

// stopReason says why a search ended without a narrow answer.
func stopReason(c results.Crossover, m results.CrossoverMetric) string {
	why := m.Stopped
	switch {
	case c.Error != "":
		why = "the search failed: " + c.Error
	case why == "" && m.Outcome == results.OutcomeUnbracketed:
		why = "no point was decided both ways"
	case why == "":
		why = "the points could not be split further"
	}
	if c.Flagged > 0 {
		why += fmt.Sprintf("; %d of %d trials flagged by the validity gates", c.Flagged, c.Trials)
	}
	return why
}

// cannotWhy is the reason a backend could not run, without the search's
// "<backend> cannot run at <n> idle: " that the sentence already says.
func cannotWhy(m results.CrossoverMetric) string {
	if _, after, ok := strings.Cut(m.CannotWhy, " idle: "); ok {
		return after
	}
	return m.CannotWhy
}

func searchMode(c results.Crossover) string {
	if c.Mode == "open" {
		return fmt.Sprintf("open loop at %s req/s", FormatNumber(c.Rate))
	}
	return c.Mode + " loop"
}

// countText is an idle count estimate: whole connections.
func countText(n float64) string { return Thousands(int64(math.Round(n))) }

// bracketText is the search's interval "31–47".
func bracketText(m results.CrossoverMetric) string {
	return countText(m.Lo) + "–" + countText(m.Hi)
}

// searchTable is the first table of the answer: one row per search and
// metric; a narrow one leaves out searchDrop's columns until it fits
// table.Columns.
func searchTable(w io.Writer, searches []results.Crossover, l Layout) error {
	header := []string{"vs", "active", "mode", "metric", "answer", "N*", "95% CI", "bracket", "model N̂*", "rounds", "flagged"}
	var rows [][]string
	for _, c := range searches {
		for _, m := range c.Metrics {
			n, ci, br := "—", "—", "—"
			if st, ok := stated(c, m); ok {
				n, ci = countText(st.n), rangeText(st.lo, st.hi)
			}
			if m.Outcome == results.OutcomeFound || m.Outcome == results.OutcomeAtMost {
				br = bracketText(m)
			}
			rows = append(rows, []string{c.Rival, Thousands(int64(c.Active)), c.Mode, metricTitle(m.Metric),
				answerWord(c, m), n, ci, br, modelText(m), fmt.Sprint(rounds(m)), flaggedText(c)})
		}
	}
	t := table.Table{Header: header, Rows: rows, Align: table.Names(5, len(header))}
	if l == Narrow {
		t, _ = t.Fit(table.Columns, searchDrop)
	}
	return t.Markdown(w)
}

// searchDrop ranks the search table's columns a narrow table may leave
// out (tables-wide.md keeps them): the trials flagged first, then the
// model's guess.
var searchDrop = []int{0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 2}

// answerWord is the outcome in a table cell.
func answerWord(c results.Crossover, m results.CrossoverMetric) string {
	pct := percentOf(c.Margin)
	if st, ok := stated(c, m); ok {
		if st.wide() {
			return fmt.Sprintf("≥ %d%% better from (wide)", pct)
		}
		return fmt.Sprintf("≥ %d%% better from", pct)
	}
	switch m.Outcome {
	case results.OutcomeWinsAtStart:
		return fmt.Sprintf("≥ %d%% better from %s", pct, Thousands(int64(c.MinN)))
	case results.OutcomeAtMost:
		return fmt.Sprintf("≥ %d%% better from ≤ %s", pct, countText(m.Hi))
	case results.OutcomeNoDiff:
		return "no difference to " + Thousands(int64(m.UpTo))
	case results.OutcomeCannotRun:
		return fmt.Sprintf("%s n/a from %s", cannotWho(c, m), Thousands(int64(m.CannotFrom)))
	}
	return "undecided"
}

// modelText is the cost model's guess the search started from.
func modelText(m results.CrossoverMetric) string {
	p := m.Model
	switch {
	case p == nil:
		return "n/a"
	case p.Kind == "already-better":
		return "0"
	case p.Kind == "never-crosses" || p.N == nil:
		return "none"
	}
	return countText(*p.N)
}

// rounds are the paired rounds the search ran (the sweep's excluded).
func rounds(m results.CrossoverMetric) int {
	n := 0
	for _, p := range m.Probes {
		if !p.Known {
			n += p.Rounds
		}
	}
	return n
}

func flaggedText(c results.Crossover) string {
	return fmt.Sprintf("%d of %d", c.Flagged, c.Trials)
}
