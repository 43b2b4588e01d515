package report

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/muxbench/muxbench/internal/analysis/analysistest"
	"github.com/muxbench/muxbench/internal/results"
)

func TestSearchSentence(t *testing.T) {
	base := results.Crossover{Subject: "epoll_et", Rival: "poll", Active: 1, Mode: "closed", Margin: 0.1, Width: 0.25}
	tests := []struct {
		name   string
		m      results.CrossoverMetric
		want   string
		answer string
	}{
		{name: "found", m: results.CrossoverMetric{Metric: "cpu_us_per_req", Outcome: results.OutcomeFound, NStar: 38.4, Lo: 31, Hi: 47, Narrow: true},
			want: "epoll_et is ≥ 10% cheaper per request than poll from N* = 38 idle connections (95% CI 31–47) with 1 active (closed loop)", answer: "≥ 10% better from"},
		{name: "found, wide", m: results.CrossoverMetric{Metric: "p99_us", Outcome: results.OutcomeFound, NStar: 40, Lo: 10, Hi: 100, Stopped: "time budget spent at 10:00:00"},
			want: "lower in p99 latency than poll from N* = 40 idle connections (95% CI 10–100) with 1 active (closed loop); the interval reaches beyond ±30% of N*: time budget spent", answer: "(wide)"},
		{name: "found, fitted", m: results.CrossoverMetric{Metric: "cpu_us_per_req", Outcome: results.OutcomeFound, NStar: 19, Lo: 8, Hi: 29,
			Fit: &results.CrossoverFit{N: 18.4, Lo: 15.2, Hi: 22.6, Rounds: 150, Points: 5, FromN: 8, ToN: 29}},
			want: "cheaper per request than poll from N* = 18 idle connections (95% CI 15–23) with 1 active (closed loop).", answer: "≥ 10% better from"},
		{name: "no difference", m: results.CrossoverMetric{Metric: "p99_us", Outcome: results.OutcomeNoDiff, UpTo: 160},
			want: "no significant difference of ≥ 10% (p99) between epoll_et and poll up to 160 idle connections", answer: "no difference to 160"},
		{name: "rival cannot run, no win", m: results.CrossoverMetric{Metric: "cpu_us_per_req", Outcome: results.OutcomeCannotRun, UpTo: 900, CannotFrom: 1008,
			CannotWhy: "poll cannot run at 1008 idle: FD_SETSIZE", Probes: []results.CrossoverProbe{{N: 900, Outcome: results.ProbeNoWin}}},
			want: "poll cannot run from 1,008 idle connections with 1 active (closed loop) (FD_SETSIZE); below that epoll_et is not ≥ 10% cheaper per request at any idle count measured, up to 900", answer: "poll n/a from 1,008"},
		{name: "rival cannot run, undecided", m: results.CrossoverMetric{Metric: "cpu_us_per_req", Outcome: results.OutcomeCannotRun, UpTo: 900, CannotFrom: 1008,
			CannotWhy: "poll cannot run at 1008 idle: FD_SETSIZE", Probes: []results.CrossoverProbe{{N: 900, Outcome: results.ProbeUnsettled}}, Stopped: "trial budget of 10 spent"},
			want: "below that no ≥ 10% win in CPU/req was decided, up to 900 (trial budget of 10 spent)", answer: "poll n/a from 1,008"},
		{name: "at most", m: results.CrossoverMetric{Metric: "p99_us", Outcome: results.OutcomeAtMost, Lo: 0, Hi: 30, Stopped: "trial budget of 178 spent"},
			want: "epoll_et is ≥ 10% lower in p99 latency than poll from at most 30 idle connections with 1 active (closed loop); no loss was decided below, down to 0 (trial budget of 178 spent)", answer: "better from ≤ 30"},
		{name: "undecided", m: results.CrossoverMetric{Metric: "cpu_us_per_req", Outcome: results.OutcomeUnbracketed, Stopped: "trial budget of 95 spent"},
			want: "undecided, trial budget of 95 spent", answer: "undecided"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := SearchSentence(base, tc.m) + "."; !strings.Contains(got, tc.want) {
				t.Errorf("sentence %q lacks %q", got, tc.want)
			}
			if got := answerWord(base, tc.m); !strings.Contains(got, tc.answer) {
				t.Errorf("answer %q lacks %q", got, tc.answer)
			}
		})
	}
}

// TestAnswerWithSearch: the published answer reads N* and its interval
// from the search, the cost model's slopes from the trials (poll's
// fixture costs 10 ns per idle connection and per fd scanned), the
// extrapolation labelled as such, and the probes with their flagged
// trial; every line of it fits 120 columns.
func TestAnswerWithSearch(t *testing.T) {
	dir := t.TempDir()
	run := analysistest.WithSearch(analysistest.Run())
	readme := filepath.Join(dir, "README.md")
	if err := Publish(readme, filepath.Join(dir, "run"), run, ""); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(readme)
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	answer := text[strings.Index(text, "## The answer"):strings.Index(text, "## Machine and parameters")]
	for _, want := range []string{
		"epoll_et is ≥ 10% cheaper per request than poll from N* = 167 idle connections (95% CI 150–190) with 1 active (closed loop)",
		"| poll | 1      | closed | CPU/req | ≥ 10% better from | 167 | 150–190 | 150–190 |      n/a |     20 | 1 of 80 |",
		"b: ns/watched fd/wakeup", "| poll     | 1      | 100–400        |     42 |    10.1 (10.00 to 10.4) |",
		"| epoll_et | 1      | 400–5,000      |     16 |  −0.013 (−0.45 to 0.45) |",
		"Beyond this machine: extrapolated, not measured", "CPU/req at 1,000,000 idle (µs)", "1,005 (",
		"† on paper only", "The sweep, point by point",
	} {
		if !strings.Contains(answer, want) {
			t.Errorf("answer lacks %q:\n%s", want, answer)
		}
	}
	for _, line := range strings.Split(answer, "\n") {
		if strings.HasPrefix(line, "|") && utf8.RuneCountInString(line) > 120 {
			t.Errorf("table line of %d columns: %s", utf8.RuneCountInString(line), line)
		}
	}
	summary, _ := os.ReadFile(filepath.Join(dir, "run", "summary.md"))
	if !strings.Contains(string(summary), "Crossover probes: epoll_et vs poll") || !strings.Contains(string(summary), "1 cpu-contended") {
		t.Errorf("summary.md lacks the probe table with its flagged trial")
	}
	if strings.Contains(text, "### crossover,") {
		t.Errorf("the probe cells were drawn as a sweep group")
	}
}

// TestAnswerWithoutSearch: a run without a search says so and gives the
// model's guess, labelled a guess.
func TestAnswerWithoutSearch(t *testing.T) {
	var buf bytes.Buffer
	r := render(analysistest.Run())
	if err := r.writeAnswer(&buf, "###"); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"This run has no crossover search", "a guess, not a measurement", "| poll   | 1      | closed | CPU/req |"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("answer lacks %q:\n%s", want, buf.String())
		}
	}
}
